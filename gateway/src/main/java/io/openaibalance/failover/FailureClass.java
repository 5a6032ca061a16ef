package io.openaibalance.failover;

/**
 * What went wrong with one upstream attempt, and so what happens next. Each kind says whether the
 * request moves on to another key and what the attempt means for the key that made it (DESIGN.md,
 * invariant 4: blame the right party).
 */
public enum FailureClass {
  /** The client's request was bad (400, 404, 413, 422...): answer as is, the key is fine. */
  CLIENT_ERROR(false, KeyEffect.NONE),
  /** 401/403: the key is invalid or suspended. */
  KEY_REJECTED(true, KeyEffect.COUNT_FAILURE),
  /** 402, or a 429 whose code says the quota is used up: waiting will not help this key. */
  QUOTA_EXHAUSTED(true, KeyEffect.COUNT_FAILURE),
  /** 429 rate limit: the key rests until the provider's reset time. */
  RATE_LIMITED(true, KeyEffect.COOL_DOWN),
  /** 5xx or 408 from upstream: the provider's trouble, not the key's. */
  UPSTREAM_ERROR(true, KeyEffect.NONE),
  /** The upstream could not be reached, or the connection broke before any byte arrived. */
  CONNECT_FAILED(true, KeyEffect.NONE),
  /** Connecting took too long, or the upstream fell silent for longer than the timeout. */
  TIMED_OUT(true, KeyEffect.NONE);

  /** What an attempt's outcome does to the key that made it. */
  public enum KeyEffect {
    NONE,
    COUNT_FAILURE,
    COOL_DOWN
  }

  private final boolean retryOnAnotherKey;
  private final KeyEffect keyEffect;

  FailureClass(boolean retryOnAnotherKey, KeyEffect keyEffect) {
    this.retryOnAnotherKey = retryOnAnotherKey;
    this.keyEffect = keyEffect;
  }

  public boolean retryOnAnotherKey() {
    return retryOnAnotherKey;
  }

  public KeyEffect keyEffect() {
    return keyEffect;
  }
}
