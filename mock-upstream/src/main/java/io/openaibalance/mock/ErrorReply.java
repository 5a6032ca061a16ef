package io.openaibalance.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** An OpenAI-style error: the status plus the {@code error} object's type, code and message. */
record ErrorReply(int status, String type, String code, String message) {
  private static final String INVALID_REQUEST = "invalid_request_error";
  private static final String INSUFFICIENT_QUOTA = "insufficient_quota";

  /** The error a real OpenAI upstream would most typically send with this status. */
  static ErrorReply forStatus(int status) {
    return switch (status) {
      case 400 -> new ErrorReply(400, INVALID_REQUEST, null, "Mock bad request.");
      case 401 -> new ErrorReply(401, INVALID_REQUEST, "invalid_api_key",
          "Incorrect API key provided.");
      case 403 -> new ErrorReply(403, INVALID_REQUEST, "permission_denied",
          "You are not allowed to use this model.");
      case 404 -> new ErrorReply(404, INVALID_REQUEST, "model_not_found",
          "The model does not exist or you do not have access to it.");
      case 429 -> new ErrorReply(429, "requests", "rate_limit_exceeded",
          "Rate limit reached for requests. Please try again later.");
      case 500 -> new ErrorReply(500, "server_error", "server_error",
          "The server had an error while processing your request. Sorry about that!");
      case 503 -> new ErrorReply(503, "server_error", "service_unavailable",
          "The engine is currently overloaded, please try again later.");
      default -> new ErrorReply(status, status < 500 ? INVALID_REQUEST : "server_error", null,
          "Mock error with status " + status + ".");
    };
  }

  /**
   * The error for a {@code status} directive, with its {@code code} and {@code type} applied. A
   * 401 names the key it was sent with, in full, as some OpenAI-compatible upstreams do: the
   * gateway must never pass that on to a client or into a log.
   */
  static ErrorReply forDirectives(Behaviour behaviour, String key) {
    ErrorReply base = forStatus(behaviour.status());
    String code = behaviour.errorCode() == null ? base.code : behaviour.errorCode();
    String type = behaviour.errorType();
    if (type == null) {
      // The real quota error differs from a rate limit only in type and code; tests pick by code.
      type = INSUFFICIENT_QUOTA.equals(code) ? INSUFFICIENT_QUOTA : base.type;
    }
    String message = INSUFFICIENT_QUOTA.equals(code)
        ? "You exceeded your current quota, please check your plan and billing details."
        : base.status == 401 && key != null
            ? "Incorrect API key provided: " + key + "." : base.message;
    return new ErrorReply(base.status, type, code, message);
  }

  static ErrorReply missingKey() {
    return new ErrorReply(401, INVALID_REQUEST, null,
        "You didn't provide an API key. You need to provide your API key in an Authorization"
            + " header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
  }

  static ErrorReply invalidUrl(String method, String path) {
    return new ErrorReply(404, INVALID_REQUEST, null, "Invalid URL (" + method + " " + path + ")");
  }

  static ErrorReply invalidRequest(String message) {
    return new ErrorReply(400, INVALID_REQUEST, null, message);
  }

  Buffer body() {
    JsonObject error = new JsonObject()
        .put("message", message)
        .put("type", type)
        .put("code", code)
        .putNull("param");
    return new JsonObject().put("error", error).toBuffer();
  }
}
