package io.openaibalance.bench.load;

/**
 * How one request ended, in {@link System#nanoTime()} instants.
 *
 * @param startNanos when the request was handed to the client
 * @param firstByteNanos when the first body bytes arrived, or -1 if none did
 * @param endNanos when the response ended or the request failed
 * @param largestGapNanos the longest silence between two body chunks (0 with fewer than two)
 * @param failure why the request counts as an error ({@code "status 502"}, an exception class),
 *     or {@code null} when it succeeded
 */
record Outcome(long startNanos, long firstByteNanos, long endNanos, long largestGapNanos,
    String failure) {

  boolean succeeded() {
    return failure == null;
  }
}
