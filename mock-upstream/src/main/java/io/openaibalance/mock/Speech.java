package io.openaibalance.mock;

import io.vertx.core.buffer.Buffer;

/**
 * {@code POST /v1/audio/speech}: binary "audio" of bytes 0..255 repeated, so a relay that
 * corrupts binary data (e.g. by decoding it as text) is caught.
 */
final class Speech implements Endpoint {
  private static final int DEFAULT_BYTES = 32 * 1024;
  private static final byte[] DEFAULT_AUDIO = audio(DEFAULT_BYTES);

  @Override
  public void respond(MockRequest request, Exchange exchange) {
    int size = request.behaviour().sizeOr(DEFAULT_BYTES);
    byte[] audio = size == DEFAULT_BYTES ? DEFAULT_AUDIO : audio(size);
    exchange.send(200, "audio/mpeg", Buffer.buffer(audio));
  }

  static byte[] audio(int size) {
    byte[] audio = new byte[size];
    for (int i = 0; i < size; i++) {
      audio[i] = (byte) i;
    }
    return audio;
  }
}
