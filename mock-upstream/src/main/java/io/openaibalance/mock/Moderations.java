package io.openaibalance.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code POST /v1/moderations}: every input passes, with every category score zero. */
final class Moderations implements Endpoint {
  private static final List<String> CATEGORIES = List.of(
      "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
      "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
      "sexual/minors", "violence", "violence/graphic");

  @Override
  public void respond(MockRequest request, Exchange exchange) {
    Object input = request.json().getValue("input");
    int count = input instanceof JsonArray array ? array.size() : 1;
    JsonArray results = new JsonArray();
    for (int i = 0; i < count; i++) {
      results.add(result());
    }
    exchange.sendJson(new JsonObject()
        .put("id", "modr-mock")
        .put("model", request.model())
        .put("results", results));
  }

  private static JsonObject result() {
    JsonObject categories = new JsonObject();
    JsonObject scores = new JsonObject();
    JsonObject inputTypes = new JsonObject();
    for (String category : CATEGORIES) {
      categories.put(category, false);
      scores.put(category, 0.0);
      inputTypes.put(category, new JsonArray().add("text"));
    }
    return new JsonObject()
        .put("flagged", false)
        .put("categories", categories)
        .put("category_applied_input_types", inputTypes)
        .put("category_scores", scores);
  }
}
