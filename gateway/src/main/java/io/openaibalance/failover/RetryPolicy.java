package io.openaibalance.failover;

/**
 * Whether a failed attempt is followed by another, on another key.
 *
 * @param maxAttempts attempts per request: {@code MAX_RETRIES}, at least one
 */
public record RetryPolicy(int maxAttempts) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected >= 1)");
    }
  }

  /** {@code MAX_RETRIES} counts attempts, as in the Python project; 0 still makes one. */
  public static RetryPolicy fromMaxRetries(int maxRetries) {
    return new RetryPolicy(Math.max(1, maxRetries));
  }

  /**
   * @param failure what the last attempt ran into
   * @param attemptsMade attempts made so far, the failed one included
   * @param responseStarted whether any response byte already reached the client (then a retry
   *     would replay or duplicate output, so there is none)
   */
  public boolean retries(FailureClass failure, int attemptsMade, boolean responseStarted) {
    return !responseStarted && failure.retryOnAnotherKey() && attemptsMade < maxAttempts;
  }
}
