package io.openaibalance.relay;

/**
 * Takes finished requests and failed attempts on the event loop. It must not block: the store's
 * implementation offers them to bounded queues and drops (and counts) when a queue is full.
 */
public interface RequestRecorder {
  RequestRecorder NONE = new RequestRecorder() {
    @Override
    public void request(RequestRecord record) {}

    @Override
    public void error(ErrorRecord record) {}
  };

  void request(RequestRecord record);

  void error(ErrorRecord record);
}
