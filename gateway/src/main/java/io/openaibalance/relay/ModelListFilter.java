package io.openaibalance.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code GET /models} with {@code FILTERED_MODELS} set: the list is read whole (it is small, and
 * this is not the chat path), the hidden models are removed, and the rest is sent on.
 */
final class ModelListFilter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long LIST_LIMIT = 16L * 1024 * 1024;

  private ModelListFilter() {}

  static void relay(
      RelayContext context, HttpClientResponse upstream, Handler<Throwable> failedBeforeFirstByte) {
    BoundedBody.read(upstream, LIST_LIMIT, false)
        .onComplete(
            read -> {
              if (context.isClientGone()) {
                return;
              }
              if (read.failed()) {
                failedBeforeFirstByte.handle(read.cause());
                return;
              }
              HttpServerResponse response = context.response;
              response.setStatusCode(upstream.statusCode());
              HeaderPolicy.copyToClient(upstream.headers(), response.headers());
              response.headers().remove(HttpHeaders.CONTENT_LENGTH);
              response.end(withoutHidden(read.result(), context.filteredModels()));
            });
  }

  /** The list without the hidden models; a body that is not a model list passes unchanged. */
  static Buffer withoutHidden(Buffer body, Set<String> hidden) {
    try {
      JsonNode root = JSON.readTree(body.getBytes());
      if (!(root instanceof ObjectNode object) || !(object.get("data") instanceof ArrayNode data)) {
        return body;
      }
      for (Iterator<JsonNode> models = data.elements(); models.hasNext(); ) {
        JsonNode id = models.next().get("id");
        if (id != null && hidden.contains(id.asText())) {
          models.remove();
        }
      }
      return Buffer.buffer(JSON.writeValueAsBytes(object));
    } catch (IOException notJson) {
      return body;
    }
  }
}
