package io.openaibalance.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the relay needs from a request body: the {@code model} and whether a stream was asked for.
 * Read with a streaming parser that builds no tree; the body itself is forwarded untouched.
 *
 * @param model the top-level {@code model}, if present and a string
 * @param stream the top-level {@code stream} flag
 */
record RequestSummary(Optional<String> model, boolean stream) {
  static final RequestSummary NONE = new RequestSummary(Optional.empty(), false);

  /**
   * Without Jackson's duplicate detection: it tracks every name of every nested object (a
   * conversation's messages), and only the top-level fields read here must be unambiguous.
   */
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] MULTIPART_MODEL_FIELD =
      "name=\"model\"".getBytes(StandardCharsets.US_ASCII);

  /** Thrown for a body that is not one JSON object; the message says what is wrong. */
  static final class MalformedBody extends Exception {
    MalformedBody(String message) {
      super(message, null, false, false);
    }
  }

  static RequestSummary ofJson(Buffer body) throws MalformedBody {
    if (body.length() == 0) {
      throw new MalformedBody("The request body is empty; expected a JSON object.");
    }
    String model = null;
    boolean stream = false;
    boolean modelSeen = false;
    boolean streamSeen = false;
    try (JsonParser parser = JSON.createParser(body.getBytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedBody("The request body must be a JSON object.");
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("model".equals(name)) {
          modelSeen = once(modelSeen, name);
          model = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        } else if ("stream".equals(name)) {
          streamSeen = once(streamSeen, name);
          stream = value == JsonToken.VALUE_TRUE;
        }
        if (value.isStructStart()) {
          parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new MalformedBody("The request body has content after its JSON object.");
      }
    } catch (IOException e) {
      throw new MalformedBody(
          "The request body is not valid JSON (" + firstLine(e.getMessage()) + ").");
    }
    return new RequestSummary(Optional.ofNullable(model), stream);
  }

  /**
   * Refuses a second {@code model} or {@code stream}: the gateway routes by the one it reads, and
   * an upstream that reads the other would serve another model than the one allowed or logged.
   */
  private static boolean once(boolean seen, String name) throws MalformedBody {
    if (seen) {
      throw new MalformedBody("The request body has the field '" + name + "' twice.");
    }
    return true;
  }

  /**
   * The {@code model} field of a multipart upload (audio), found by a byte scan so a 25 MB file is
   * not parsed: the field's value is the text between the blank line after its headers and the
   * next CRLF.
   */
  static RequestSummary ofMultipart(Buffer body) {
    byte[] bytes = body.getBytes();
    int at = indexOf(bytes, MULTIPART_MODEL_FIELD, 0);
    if (at < 0) {
      return NONE;
    }
    int valueStart = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), at);
    if (valueStart < 0) {
      return NONE;
    }
    valueStart += 4;
    int valueEnd = indexOf(bytes, "\r\n".getBytes(StandardCharsets.US_ASCII), valueStart);
    if (valueEnd < 0 || valueEnd - valueStart > 256) {
      return NONE;
    }
    String model = new String(bytes, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8);
    return new RequestSummary(Optional.of(model.trim()), false);
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
