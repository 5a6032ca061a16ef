package io.openaibalance.mock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A bare HTTP/1.1 client on a socket, for what a real client hides: a connection closed
 * mid-body, or a client that walks away part-way through a stream.
 */
final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Opens a connection and sends a chat completion request with this key and JSON body. */
  static RawHttp postChat(int port, String key, String json) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    // Generous, so a hung server fails the test instead of hanging it.
    socket.setSoTimeout(10_000);
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head = "POST /v1/chat/completions HTTP/1.1\r\n"
        + "Host: 127.0.0.1:" + port + "\r\n"
        + "Authorization: Bearer " + key + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().write(body);
    socket.getOutputStream().flush();
    return new RawHttp(socket);
  }

  /** Reads until the received text contains {@code marker}; fails if the stream ends first. */
  String readUntil(String marker) throws IOException {
    byte[] buffer = new byte[8192];
    while (!text().contains(marker)) {
      int read = in.read(buffer);
      if (read < 0) {
        throw new IOException("connection closed before '" + marker + "'; got: " + text());
      }
      received.write(buffer, 0, read);
    }
    return text();
  }

  /** Reads until the server closes the connection and returns everything received. */
  String readToEnd() throws IOException {
    byte[] buffer = new byte[8192];
    for (int read; (read = in.read(buffer)) >= 0; ) {
      received.write(buffer, 0, read);
    }
    return text();
  }

  /** True if nothing arrives within {@code millis} while the connection stays open. */
  boolean staysSilentFor(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      int read = in.read();
      if (read >= 0) {
        received.write(read);
      }
      return false;
    } catch (SocketTimeoutException expected) {
      return true;
    }
  }

  String text() {
    return received.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
