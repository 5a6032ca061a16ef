package io.openaibalance.bench.load;

import java.util.Objects;

/**
 * Where the load goes: a loopback HTTP server and the bearer token it expects.
 *
 * @param bearer the client's credential; its text never reaches a report
 */
public record Endpoint(String host, int port, String bearer) {

  public Endpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(bearer, "bearer");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected 1-65535)");
    }
  }

  @Override
  public String toString() {
    return "http://" + host + ":" + port;
  }
}
