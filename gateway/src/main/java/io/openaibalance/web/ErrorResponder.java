package io.openaibalance.web;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** The one place that writes an {@link ApiError} to a client. */
public final class ErrorResponder {
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  /** How long a refused upload may keep sending before its connection is closed anyway. */
  private static final java.time.Duration LINGER = java.time.Duration.ofSeconds(2);

  private ErrorResponder() {}

  public static Future<Void> respond(HttpServerResponse response, ApiError error) {
    if (response.ended() || response.closed()) {
      return Future.succeededFuture();
    }
    if (response.headWritten()) {
      // Too late for a status: the stream already started, so end it with an error event.
      return response.end(error.toSseEvent());
    }
    return response
        .setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .end(error.toBuffer());
  }

  /** Answers, then closes the connection: for a request the HTTP decoder could not read. */
  public static void respondThenClose(HttpServerRequest request, ApiError error) {
    request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    respond(request.response(), error).onComplete(written -> request.connection().close());
  }

  /**
   * Answers, then closes the connection once the client finished sending (or after a short
   * linger): for a request whose body will not be read (too large) or cannot be trusted. Closing
   * at once would reset a connection the client is still writing to, and it would never read the
   * answer.
   */
  public static void respondAndClose(HttpServerRequest request, ApiError error) {
    HttpServerResponse response = request.response();
    response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    respond(response, error);
    HttpConnection connection = request.connection();
    if (request.isEnded()) {
      connection.close();
      return;
    }
    Context context = Vertx.currentContext();
    long timer = context == null ? -1
        : context.owner().setTimer(LINGER.toMillis(), fired -> connection.close());
    request.handler(discarded -> { });
    request.endHandler(ended -> {
      if (timer >= 0) {
        context.owner().cancelTimer(timer);
      }
      connection.close();
    });
    request.exceptionHandler(broken -> connection.close());
  }
}
