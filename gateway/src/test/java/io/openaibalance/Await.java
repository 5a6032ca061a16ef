package io.openaibalance;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a condition that another thread makes true (a write behind, a reconnect), checking it
 * every few milliseconds until a deadline: the condition decides, never the pause.
 */
public final class Await {
  private Await() {}

  /** @throws AssertionError naming {@code what} when the deadline passes first */
  public static void until(String what, Duration timeout, Callable<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /**
   * Waits like {@link #until}, checking every millisecond, and says how long it took: for
   * propagation times a test asserts a bound on.
   */
  public static Duration timed(String what, Duration timeout, Callable<Boolean> condition)
      throws Exception {
    long started = System.nanoTime();
    return Duration.ofNanos(observedAt(what, timeout, condition) - started);
  }

  /**
   * Waits like {@link #until}, checking every millisecond, and returns the {@link
   * System#nanoTime()} at which the condition was first seen true.
   */
  public static long observedAt(String what, Duration timeout, Callable<Boolean> condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(1);
    }
    return System.nanoTime();
  }
}
