package io.openaibalance.web;

import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers requests the HTTP decoder could not read (oversized headers or request line, broken
 * syntax) with an OpenAI-style error instead of the server's bare default, then closes the
 * connection, since its framing can no longer be trusted.
 */
public final class MalformedRequestHandler implements Handler<HttpServerRequest> {
  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    String message = cause == null ? "" : String.valueOf(cause.getMessage());
    ApiError error;
    if (cause instanceof TooLongFrameException && message.contains("header")) {
      error = ApiError.invalidRequest(431, "headers_too_large", "The request headers are too large.");
    } else if (cause instanceof TooLongFrameException) {
      error = ApiError.invalidRequest(414, "uri_too_long", "The request line is too long.");
    } else {
      error = ApiError.invalidRequest(400, "malformed_request", "The HTTP request is malformed.");
    }
    ErrorResponder.respondThenClose(request, error);
  }
}
