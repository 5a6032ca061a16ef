package io.openaibalance.relay;

/**
 * Takes a finished request's record on the event loop. It must not block: the store's
 * implementation offers it to a bounded queue and drops (and counts) when the queue is full.
 */
@FunctionalInterface
public interface RequestRecorder {
  RequestRecorder NONE = record -> { };

  void record(RequestRecord record);
}
