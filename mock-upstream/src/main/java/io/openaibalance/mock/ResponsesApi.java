package io.openaibalance.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code POST /v1/responses}: a completed, non-streamed response with one output text. */
final class ResponsesApi implements Endpoint {
  private final MockOptions options;

  ResponsesApi(MockOptions options) {
    this.options = options;
  }

  @Override
  public void respond(MockRequest request, Exchange exchange) {
    JsonObject json = request.json();
    if (Streaming.requested(json)) {
      exchange.sendError(ErrorReply.invalidRequest(
          "stream: true (the mock upstream does not stream /v1/responses)"));
      return;
    }
    int inputTokens = SyntheticText.promptTokens(json.getValue("input"));
    String text = SyntheticText.content(
        request.behaviour().sizeOr(options.nonStreamContentBytes()));
    int outputTokens = SyntheticText.words(text);
    JsonObject content = new JsonObject()
        .put("type", "output_text")
        .put("text", text)
        .put("annotations", new JsonArray());
    JsonObject message = new JsonObject()
        .put("type", "message")
        .put("id", "msg_mock")
        .put("status", "completed")
        .put("role", "assistant")
        .put("content", new JsonArray().add(content));
    JsonObject usage = new JsonObject()
        .put("input_tokens", inputTokens)
        .put("input_tokens_details", new JsonObject().put("cached_tokens", 0))
        .put("output_tokens", outputTokens)
        .put("output_tokens_details", new JsonObject().put("reasoning_tokens", 0))
        .put("total_tokens", inputTokens + outputTokens);
    // The nullable fields are present because typed SDKs treat them as required.
    exchange.sendJson(new JsonObject()
        .put("id", "resp_mock")
        .put("object", "response")
        .put("created_at", ChunkFormat.CREATED)
        .put("status", "completed")
        .putNull("error")
        .putNull("incomplete_details")
        .putNull("instructions")
        .put("metadata", new JsonObject())
        .put("model", request.model())
        .put("output", new JsonArray().add(message))
        .put("parallel_tool_calls", true)
        .put("temperature", 1.0)
        .put("tool_choice", "auto")
        .put("tools", new JsonArray())
        .put("top_p", 1.0)
        .put("usage", usage));
  }
}
