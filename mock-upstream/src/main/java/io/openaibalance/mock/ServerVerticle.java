package io.openaibalance.mock;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP server on its own event loop. Deployed as a verticle because Vert.x shares a port only
 * between instances of one deployment, which is how several event loops serve the benchmark.
 */
final class ServerVerticle extends VerticleBase {
  private final Binding binding;
  private final Handler<HttpServerRequest> handler;
  private final AtomicInteger boundPort;

  ServerVerticle(Binding binding, Handler<HttpServerRequest> handler, AtomicInteger boundPort) {
    this.binding = binding;
    this.handler = handler;
    this.boundPort = boundPort;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(binding.host())
        .setPort(binding.port())
        // HTTP/1.1 only: drop-after means closing a chunked HTTP/1.1 connection mid-body.
        .setHttp2ClearTextEnabled(false)
        .setHandle100ContinueAutomatically(true);
    return vertx.createHttpServer(options)
        .requestHandler(handler)
        .listen()
        .onSuccess(server -> boundPort.set(server.actualPort()));
  }
}
