package io.openaibalance.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}, encoded once from the options. */
final class Models {
  private final Buffer list;
  private final Map<String, Buffer> byId = new LinkedHashMap<>();

  Models(List<String> models) {
    JsonArray data = new JsonArray();
    for (String id : models) {
      JsonObject model = new JsonObject()
          .put("id", id)
          .put("object", "model")
          .put("created", ChunkFormat.CREATED)
          .put("owned_by", "mock");
      data.add(model);
      byId.putIfAbsent(id, model.toBuffer());
    }
    this.list = new JsonObject().put("object", "list").put("data", data).toBuffer();
  }

  void list(MockRequest request, Exchange exchange) {
    exchange.send(200, "application/json", list.copy());
  }

  void byId(MockRequest request, Exchange exchange) {
    String id = request.path().substring(Routes.MODEL_PREFIX.length());
    Buffer model = byId.get(id);
    if (model == null) {
      exchange.sendError(new ErrorReply(404, "invalid_request_error", "model_not_found",
          "The model '" + id + "' does not exist"));
      return;
    }
    exchange.send(200, "application/json", model.copy());
  }
}
