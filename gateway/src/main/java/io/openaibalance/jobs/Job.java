package io.openaibalance.jobs;

/**
 * The work of one periodic job. It runs on a scheduler thread, never on an event loop, so it may
 * block; a thrown exception is logged and the job runs again at its next time.
 */
@FunctionalInterface
public interface Job {
  void run() throws Exception;
}
