package io.openaibalance.mock;

import io.vertx.core.json.JsonObject;

/** The request fields and usage object shared by the two completion endpoints. */
final class Streaming {
  private Streaming() { }

  static boolean requested(JsonObject body) {
    return Boolean.TRUE.equals(body.getValue("stream"));
  }

  static boolean includeUsage(JsonObject body) {
    return body.getValue("stream_options") instanceof JsonObject options
        && Boolean.TRUE.equals(options.getValue("include_usage"));
  }

  static JsonObject usage(int promptTokens, int completionTokens) {
    return new JsonObject()
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
  }
}
