package io.openaibalance.mock;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The response side of one request: writes it, and notices when the client leaves before the mock
 * has finished. Confined to the connection's event loop, so its state needs no synchronisation.
 */
final class Exchange {
  private static final String JSON = "application/json";

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final CancellationCounter cancellations;
  // Set once the mock has written its last byte or dropped the connection on purpose; a close
  // after that is not the client abandoning the response.
  private boolean done;
  private boolean clientGone;
  private Runnable onClientGone = () -> { };

  Exchange(HttpServerRequest request, CancellationCounter cancellations) {
    this.request = request;
    this.response = request.response();
    this.cancellations = cancellations;
    response.closeHandler(ignored -> clientClosed());
    // A reset mid-response also closes the connection; the close handler counts it, and there is
    // nothing else to do with the exception (without a handler Vert.x would log every reset).
    response.exceptionHandler(ignored -> { });
  }

  private void clientClosed() {
    if (done || clientGone) {
      return;
    }
    clientGone = true;
    cancellations.increment();
    onClientGone.run();
  }

  boolean clientGone() {
    return clientGone;
  }

  /** Runs once if the client leaves before the response is finished, e.g. to stop a timer. */
  void onClientGone(Runnable action) {
    this.onClientGone = action;
  }

  HttpServerResponse response() {
    return response;
  }

  void sendJson(JsonObject body) {
    send(200, JSON, body.toBuffer());
  }

  void sendError(ErrorReply error) {
    send(error.status(), JSON, error.body());
  }

  void send(int status, String contentType, Buffer body) {
    if (clientGone) {
      return;
    }
    done = true;
    response.setStatusCode(status).putHeader("content-type", contentType).end(body);
  }

  /** Ends a chunked response with its last bytes. */
  void end(Buffer last) {
    if (clientGone) {
      return;
    }
    done = true;
    response.end(last);
  }

  /**
   * Closes the connection without ending the response, once {@code lastWrite} has reached the
   * socket, so the client sees its data followed by a broken chunked stream.
   */
  void drop(Future<Void> lastWrite) {
    done = true;
    lastWrite.onComplete(ignored -> request.connection().close());
  }
}
