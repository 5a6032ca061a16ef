package io.openaibalance.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * An error the gateway itself answers with, in OpenAI's shape: {@code
 * {"error":{"message","type","param","code"}}}. Messages are written for the person reading them
 * and never contain a key or token.
 */
public record ApiError(int status, String type, String code, String message) {
  private static final JsonFactory JSON = new JsonFactory();

  public ApiError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  public static ApiError invalidRequest(int status, String code, String message) {
    return new ApiError(status, "invalid_request_error", code, message);
  }

  public static ApiError unauthorized(String message) {
    return new ApiError(401, "invalid_request_error", "invalid_api_key", message);
  }

  public static ApiError notFound(String code, String message) {
    return invalidRequest(404, code, message);
  }

  public static ApiError upstream(int status, String code, String message) {
    return new ApiError(status, "upstream_error", code, message);
  }

  /** The JSON body. */
  public Buffer toBuffer() {
    return Buffer.buffer(toBytes(false));
  }

  /** The same error as one SSE event, for a stream that already started. */
  public Buffer toSseEvent() {
    return Buffer.buffer(toBytes(true));
  }

  private byte[] toBytes(boolean asSseEvent) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160 + message.length());
    try {
      if (asSseEvent) {
        out.write("data: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
      try (JsonGenerator json = JSON.createGenerator(out)) {
        json.writeStartObject();
        json.writeObjectFieldStart("error");
        json.writeStringField("message", message);
        json.writeStringField("type", type);
        json.writeNullField("param");
        json.writeStringField("code", code);
        json.writeEndObject();
        json.writeEndObject();
      }
      if (asSseEvent) {
        out.write("\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
