package io.openaibalance.mock;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Counts responses their clients abandoned; test threads can wait for a count to be reached. */
final class CancellationCounter {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int count;

  void increment() {
    lock.lock();
    try {
      count++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  int get() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  void await(int expected, Duration timeout) {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (count < expected) {
        if (remaining <= 0) {
          throw new IllegalStateException(
              "expected at least " + expected + " cancelled responses within " + timeout
                  + " but counted " + count);
        }
        remaining = changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for " + expected + " cancelled responses", e);
    } finally {
      lock.unlock();
    }
  }
}
