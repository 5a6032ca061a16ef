package io.openaibalance.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request body as the error log may keep it: JSON with the values of secret-looking fields
 * (keys, tokens, passwords, authorization) replaced, bounded in size; a body that is not JSON is
 * not kept at all, since it cannot be checked. Runs only for failed attempts, off the success path.
 */
final class RequestBodyRedaction {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SECRET_NAME =
      Pattern.compile(".*(key|token|secret|password|authorization).*");
  private static final int MAX_CHARS = 16 * 1024;
  static final String REDACTED = "[redacted]";

  private RequestBodyRedaction() {}

  static java.util.Optional<String> redacted(Buffer body) {
    try {
      JsonNode root = JSON.readTree(body.getBytes());
      if (root == null) {
        return java.util.Optional.empty();
      }
      redact(root);
      String text = JSON.writeValueAsString(root);
      return java.util.Optional.of(text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS));
    } catch (IOException notJson) {
      return java.util.Optional.empty();
    }
  }

  private static void redact(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (SECRET_NAME.matcher(field.getKey().toLowerCase(Locale.ROOT)).matches()
            && field.getValue().isValueNode()) {
          field.setValue(TextNode.valueOf(REDACTED));
        } else {
          redact(field.getValue());
        }
      }
    } else if (node.isArray()) {
      node.forEach(RequestBodyRedaction::redact);
    }
  }
}
