package io.openaibalance.failover;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/** Turns an upstream answer into a {@link FailureClass}, by status first and error code second. */
public final class OutcomeClassifier {
  private static final JsonFactory JSON = new JsonFactory();

  private OutcomeClassifier() {}

  /**
   * Classifies a non-2xx upstream response.
   *
   * @param status the upstream status
   * @param errorBody the (bounded) error body, read only to tell quota exhaustion from a rate limit
   */
  public static FailureClass classify(int status, byte[] errorBody) {
    if (status == 401 || status == 403) {
      return FailureClass.KEY_REJECTED;
    }
    if (status == 402) {
      return FailureClass.QUOTA_EXHAUSTED;
    }
    if (status == 429) {
      return isQuotaError(errorBody) ? FailureClass.QUOTA_EXHAUSTED : FailureClass.RATE_LIMITED;
    }
    if (status == 408 || status >= 500) {
      return FailureClass.UPSTREAM_ERROR;
    }
    return FailureClass.CLIENT_ERROR;
  }

  /** Providers say "quota used up" with a 429 whose {@code error.code} or {@code error.type} says so. */
  static boolean isQuotaError(byte[] errorBody) {
    return errorField(errorBody, "code").filter(OutcomeClassifier::namesQuota).isPresent()
        || errorField(errorBody, "type").filter(OutcomeClassifier::namesQuota).isPresent();
  }

  private static boolean namesQuota(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    return lower.contains("insufficient_quota")
        || lower.contains("quota_exceeded")
        || lower.contains("billing");
  }

  /** The string value of {@code error.<field>} in an OpenAI-style error body, if there is one. */
  public static Optional<String> errorField(byte[] body, String field) {
    if (body == null || body.length == 0) {
      return Optional.empty();
    }
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("error".equals(name) && value == JsonToken.START_OBJECT) {
          return fieldOfObject(parser, field);
        }
        parser.skipChildren();
      }
    } catch (IOException notJson) {
      // A proxy's HTML error page is not an OpenAI error: there is no field to read.
    }
    return Optional.empty();
  }

  private static Optional<String> fieldOfObject(JsonParser parser, String field)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals(name) && value == JsonToken.VALUE_STRING) {
        return Optional.of(parser.getText());
      }
      parser.skipChildren();
    }
    return Optional.empty();
  }
}
