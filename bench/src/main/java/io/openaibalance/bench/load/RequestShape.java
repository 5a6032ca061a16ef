package io.openaibalance.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The chat completion every request of a scenario sends. The model may carry mock directives
 * after a colon ({@code gpt-4o-mini:chunks=20:interval-ms=10}); the gateway and nginx pass the
 * model through, so the mock behaves the same behind every target.
 */
public record RequestShape(String model, boolean stream) {

  public RequestShape {
    Objects.requireNonNull(model, "model");
  }

  byte[] body() {
    JsonObject body = new JsonObject()
        .put("model", model)
        .put("messages", new JsonArray().add(new JsonObject()
            .put("role", "user").put("content", "Say hello to the benchmark.")));
    if (stream) {
      body.put("stream", true).put("stream_options", new JsonObject().put("include_usage", true));
    }
    return Buffer.buffer(body.encode()).getBytes();
  }
}
