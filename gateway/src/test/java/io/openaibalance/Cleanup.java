package io.openaibalance;

/** Ends what a test started, in order, skipping what never started. */
final class Cleanup {
  private Cleanup() {}

  /** Closes each part that is not null, in the order given. */
  static void closeAll(AutoCloseable... parts) throws Exception {
    for (AutoCloseable part : parts) {
      if (part != null) {
        part.close();
      }
    }
  }
}
