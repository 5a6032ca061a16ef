package io.openaibalance.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Requests in arrival order. Written from event loops, read and awaited from test threads, so
 * every access goes through one lock and waiters are woken by a condition rather than polling.
 */
final class RequestJournal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition grown = lock.newCondition();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final boolean recording;

  /**
   * @param recording false for a long-running benchmark upstream, where keeping every request
   *     would only grow the heap
   */
  RequestJournal(boolean recording) {
    this.recording = recording;
  }

  boolean isRecording() {
    return recording;
  }

  void add(RecordedRequest request) {
    lock.lock();
    try {
      requests.add(request);
      grown.signalAll();
    } finally {
      lock.unlock();
    }
  }

  List<RecordedRequest> snapshot() {
    lock.lock();
    try {
      return List.copyOf(requests);
    } finally {
      lock.unlock();
    }
  }

  void clear() {
    lock.lock();
    try {
      requests.clear();
    } finally {
      lock.unlock();
    }
  }

  List<RecordedRequest> await(int count, Duration timeout) {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (requests.size() < count) {
        if (remaining <= 0) {
          throw new IllegalStateException(
              "expected at least " + count + " requests within " + timeout + " but "
                  + requests.size() + " arrived: " + requests);
        }
        remaining = grown.awaitNanos(remaining);
      }
      return List.copyOf(requests);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + count + " requests", e);
    } finally {
      lock.unlock();
    }
  }
}
