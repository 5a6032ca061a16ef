package io.openaibalance.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /v1/embeddings}: one unit vector per input, derived from the input so equal inputs
 * embed equally. Honours {@code encoding_format: base64} (little-endian float32), which some SDKs
 * request by default.
 */
final class Embeddings implements Endpoint {
  private final int dimensions;

  Embeddings(MockOptions options) {
    this.dimensions = options.embeddingDimensions();
  }

  @Override
  public void respond(MockRequest request, Exchange exchange) {
    Object input = request.json().getValue("input");
    List<Object> inputs = inputs(input);
    if (inputs.isEmpty()) {
      exchange.sendError(ErrorReply.invalidRequest(
          "input: " + input + " (expected a string, an array of strings or of token arrays)"));
      return;
    }
    boolean base64 = "base64".equals(request.json().getValue("encoding_format"));
    JsonArray data = new JsonArray();
    for (int i = 0; i < inputs.size(); i++) {
      float[] vector = vector(String.valueOf(inputs.get(i)));
      data.add(new JsonObject()
          .put("object", "embedding")
          .put("index", i)
          .put("embedding", base64 ? base64(vector) : json(vector)));
    }
    int tokens = SyntheticText.promptTokens(input);
    exchange.sendJson(new JsonObject()
        .put("object", "list")
        .put("data", data)
        .put("model", request.model())
        .put("usage", new JsonObject().put("prompt_tokens", tokens).put("total_tokens", tokens)));
  }

  /** A string, an array of strings or token arrays (one input each), or one token array. */
  private static List<Object> inputs(Object input) {
    List<Object> inputs = new ArrayList<>();
    if (input instanceof String text) {
      inputs.add(text);
    } else if (input instanceof JsonArray array && !array.isEmpty()) {
      if (array.getValue(0) instanceof Number) {
        inputs.add(array);
      } else {
        array.forEach(inputs::add);
      }
    }
    return inputs;
  }

  private float[] vector(String input) {
    // A small xorshift seeded by the input: deterministic, cheap, and different per input.
    long state = input.hashCode() * 0x9E3779B97F4A7C15L + 1;
    float[] vector = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      vector[i] = ((state >>> 40) / (float) (1 << 24)) * 2 - 1;
      norm += vector[i] * vector[i];
    }
    float scale = norm == 0 ? 1 : (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) {
      vector[i] *= scale;
    }
    return vector;
  }

  private static JsonArray json(float[] vector) {
    JsonArray array = new JsonArray(new ArrayList<>(vector.length));
    for (float value : vector) {
      array.add(value);
    }
    return array;
  }

  private static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    for (float value : vector) {
      bytes.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
