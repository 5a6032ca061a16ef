package io.openaibalance.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code POST /v1/images/generations}: {@code n} copies of a 1x1 PNG, base64-encoded. */
final class Images implements Endpoint {
  private static final String PIXEL_PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAA"
          + "AABJRU5ErkJggg==";
  private static final int MAX_IMAGES = 10;

  @Override
  public void respond(MockRequest request, Exchange exchange) {
    Object n = request.json().getValue("n");
    int count = n == null ? 1 : n instanceof Integer i ? i : -1;
    if (count < 1 || count > MAX_IMAGES) {
      exchange.sendError(ErrorReply.invalidRequest(
          "n: " + n + " (expected an integer from 1 to " + MAX_IMAGES + ")"));
      return;
    }
    JsonArray data = new JsonArray();
    for (int i = 0; i < count; i++) {
      data.add(new JsonObject().put("b64_json", PIXEL_PNG));
    }
    exchange.sendJson(new JsonObject().put("created", ChunkFormat.CREATED).put("data", data));
  }
}
