package io.openaibalance.relay;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * An upstream error body as text to inspect. Bodies pass to the client as they came, compressed
 * or not; only the gateway's own look at an error body needs it decoded.
 */
final class ErrorBodies {
  private static final int MAX_DECODED = 256 * 1024;

  private ErrorBodies() {}

  static byte[] decoded(Buffer body, String contentEncoding) {
    byte[] raw = body.getBytes();
    if (contentEncoding == null || raw.length == 0) {
      return raw;
    }
    String encoding = contentEncoding.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      return switch (encoding) {
        case "gzip", "x-gzip" -> readBounded(new GZIPInputStream(new ByteArrayInputStream(raw)));
        case "deflate" -> readBounded(new InflaterInputStream(new ByteArrayInputStream(raw)));
        default -> raw;
      };
    } catch (IOException unreadable) {
      return new byte[0];
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    try (in) {
      return in.readNBytes(MAX_DECODED);
    }
  }
}
