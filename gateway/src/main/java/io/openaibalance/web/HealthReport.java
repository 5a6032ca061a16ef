package io.openaibalance.web;

import io.vertx.core.buffer.Buffer;

/**
 * The body of {@code GET /health}. Always served with 200 while the process serves traffic: a
 * cluster instance that lost Redis still serves from its own view, so a load balancer must keep
 * sending it requests; the body says what is degraded.
 */
@FunctionalInterface
public interface HealthReport {
  HealthReport HEALTHY = fixed(Buffer.buffer("{\"status\":\"healthy\"}"));

  Buffer body();

  static HealthReport fixed(Buffer body) {
    return () -> body;
  }
}
