package io.openaibalance.admin;

import io.openaibalance.config.InvalidSettingsException;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.ErrorResponder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * How every admin route reads its JSON body and answers: JSON on success, the OpenAI-style error
 * otherwise. Database and file work runs on a worker thread, never on the event loop.
 */
final class AdminReplies {
  private AdminReplies() {}

  /**
   * The body as a JSON object (an empty body is an empty object), or empty after answering 400
   * {@code invalid_json}.
   */
  static Optional<JsonObject> jsonBody(RoutingContext context) {
    String text = context.body().asString();
    if (text == null || text.isBlank()) {
      return Optional.of(new JsonObject());
    }
    try {
      return Optional.of(new JsonObject(text));
    } catch (DecodeException | ClassCastException e) {
      ErrorResponder.respond(context.response(), ApiError.invalidRequest(400, "invalid_json",
          "The request body is not a JSON object."));
      return Optional.empty();
    }
  }

  static void send(RoutingContext context, int status, JsonObject json) {
    context.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json.toBuffer());
  }

  static void invalid(RoutingContext context, String code, String message) {
    ErrorResponder.respond(context.response(), ApiError.invalidRequest(400, code, message));
  }

  static void notFound(RoutingContext context, String code, String message) {
    ErrorResponder.respond(context.response(), ApiError.notFound(code, message));
  }

  /**
   * Runs {@code work} on a worker and answers with its JSON. A rejected change is a 400 naming the
   * field (nothing was saved), a bad argument a 400 with its message, anything else a 500 that
   * says nothing changed.
   */
  static void blocking(Vertx vertx, RoutingContext context, int status,
      Callable<JsonObject> work) {
    answer(context, status, vertx.executeBlocking(work));
  }

  static void answer(RoutingContext context, int status, Future<JsonObject> result) {
    result.onComplete(outcome -> {
      if (outcome.succeeded()) {
        send(context, status, outcome.result());
      } else if (outcome.cause() instanceof InvalidSettingsException invalid) {
        // The problems name the field and mask secrets.
        invalid(context, "invalid_settings", String.join("; ", invalid.problems()));
      } else if (outcome.cause() instanceof IllegalArgumentException bad) {
        invalid(context, "invalid_request", bad.getMessage());
      } else {
        ErrorResponder.respond(context.response(), new ApiError(500, "server_error",
            "save_failed", "Nothing was changed: the operation failed ("
                + outcome.cause().getClass().getSimpleName() + ")."));
      }
    });
  }

  /** A caller's text cut short enough to echo in an error message. */
  static String printable(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }
}
