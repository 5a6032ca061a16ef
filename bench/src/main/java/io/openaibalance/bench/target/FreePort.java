package io.openaibalance.bench.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A loopback port nobody listens on now. The child binds it a moment later; a clash in between is
 * possible but rare, and shows as a target that does not start rather than as wrong numbers.
 */
final class FreePort {
  private FreePort() { }

  static int pick() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
