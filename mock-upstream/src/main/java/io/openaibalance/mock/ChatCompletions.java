package io.openaibalance.mock;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code POST /v1/chat/completions}, streamed or not. */
final class ChatCompletions implements Endpoint {
  private final Vertx vertx;
  private final MockOptions options;

  ChatCompletions(Vertx vertx, MockOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  @Override
  public void respond(MockRequest request, Exchange exchange) {
    JsonObject json = request.json();
    int promptTokens = SyntheticText.promptTokens(json.getValue("messages"));
    if (Streaming.requested(json)) {
      new SseStream(vertx, exchange, ChunkFormat.chat(request.model(), promptTokens),
          request.behaviour(), Streaming.includeUsage(json)).start();
      return;
    }
    String content = SyntheticText.content(
        request.behaviour().sizeOr(options.nonStreamContentBytes()));
    JsonObject message = new JsonObject()
        .put("role", "assistant")
        .put("content", content)
        .putNull("refusal");
    JsonObject choice = new JsonObject()
        .put("index", 0)
        .put("message", message)
        .putNull("logprobs")
        .put("finish_reason", "stop");
    exchange.sendJson(new JsonObject()
        .put("id", "chatcmpl-mock")
        .put("object", "chat.completion")
        .put("created", ChunkFormat.CREATED)
        .put("model", request.model())
        .put("choices", new JsonArray().add(choice))
        .put("usage", Streaming.usage(promptTokens, SyntheticText.words(content))));
  }
}
