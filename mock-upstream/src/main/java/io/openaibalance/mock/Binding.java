package io.openaibalance.mock;

/**
 * Where and how the mock listens.
 *
 * @param host interface to bind
 * @param port port to bind, {@code 0} for a free one
 * @param servers HTTP servers sharing the port, each on its own event loop
 * @param recording whether requests are kept for {@link MockUpstream#requests()}
 */
record Binding(String host, int port, int servers, boolean recording) {
  Binding {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host: '" + host + "' (expected a host name or address)");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port: " + port + " (expected 0-65535)");
    }
    if (servers < 1) {
      throw new IllegalArgumentException("servers: " + servers + " (expected >= 1)");
    }
    if (servers > 1 && port == 0) {
      // Vert.x gives each server its own random port instead of sharing one.
      throw new IllegalArgumentException(
          "port: 0 with servers: " + servers + " (expected a fixed port when servers > 1)");
    }
  }

  static Binding forTests() {
    return new Binding("127.0.0.1", 0, 1, true);
  }
}
