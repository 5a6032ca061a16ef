package io.openaibalance.mock;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code POST /v1/completions}, the legacy text completion, streamed or not. */
final class TextCompletions implements Endpoint {
  private final Vertx vertx;
  private final MockOptions options;

  TextCompletions(Vertx vertx, MockOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  @Override
  public void respond(MockRequest request, Exchange exchange) {
    JsonObject json = request.json();
    int promptTokens = SyntheticText.promptTokens(json.getValue("prompt"));
    if (Streaming.requested(json)) {
      new SseStream(vertx, exchange, ChunkFormat.text(request.model(), promptTokens),
          request.behaviour(), Streaming.includeUsage(json)).start();
      return;
    }
    String text = SyntheticText.content(
        request.behaviour().sizeOr(options.nonStreamContentBytes()));
    JsonObject choice = new JsonObject()
        .put("text", text)
        .put("index", 0)
        .putNull("logprobs")
        .put("finish_reason", "stop");
    exchange.sendJson(new JsonObject()
        .put("id", "cmpl-mock")
        .put("object", "text_completion")
        .put("created", ChunkFormat.CREATED)
        .put("model", request.model())
        .put("choices", new JsonArray().add(choice))
        .put("usage", Streaming.usage(promptTokens, SyntheticText.words(text))));
  }
}
