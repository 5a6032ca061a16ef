package io.openaibalance;

import io.openaibalance.web.MalformedRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One event loop's share of the gateway: an HTTP server on the gateway's port with an upstream
 * client of its own. The gateway deploys one per event loop and Vert.x hands each accepted
 * connection to the next of them, so a relayed request stays on one thread end to end, its
 * upstream connection included. (A server created outside a deployment runs every connection on
 * one event loop; a client shared by several loops lends a connection made on one to a request
 * on another, and every event of that request then hops between the two threads.)
 */
final class EventLoopServer extends VerticleBase {
  private final HttpServerOptions options;
  private final Supplier<HttpClient> upstreamClient;
  private final Function<HttpClient, Handler<HttpServerRequest>> handlerWith;
  private HttpClient client;
  private HttpServer server;

  /**
   * @param upstreamClient builds this loop's upstream client (called on the loop)
   * @param handlerWith the request handler relaying through a given upstream client
   */
  EventLoopServer(HttpServerOptions options, Supplier<HttpClient> upstreamClient,
      Function<HttpClient, Handler<HttpServerRequest>> handlerWith) {
    this.options = options;
    this.upstreamClient = upstreamClient;
    this.handlerWith = handlerWith;
  }

  @Override
  public Future<?> start() {
    client = upstreamClient.get();
    server = vertx.createHttpServer(options)
        .requestHandler(handlerWith.apply(client))
        .invalidRequestHandler(new MalformedRequestHandler());
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return server.close().eventually(client::close);
  }

  /** The port it listens on: the chosen one when the options said 0. */
  int port() {
    return server.actualPort();
  }
}
