package io.openaibalance.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Deterministic generated content and token estimates. Counts depend only on the request's
 * meaning (its strings), not its raw bytes, so a gateway that re-serialises a body still gets the
 * same usage numbers back.
 */
final class SyntheticText {
  private SyntheticText() { }

  /** {@code "tok0 tok1 tok2 ..."} cut to exactly {@code bytes} bytes (ASCII). */
  static String content(int bytes) {
    StringBuilder text = new StringBuilder(bytes + 16);
    for (int i = 0; text.length() < bytes; i++) {
      text.append("tok").append(i).append(' ');
    }
    text.setLength(bytes);
    return text.toString();
  }

  /** One streamed content chunk's text; a stream's chunks concatenate like {@link #content}. */
  static String chunk(int index) {
    return "tok" + index + " ";
  }

  /** Whitespace-separated words, the mock's stand-in for tokens. */
  static int words(String text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }

  /** Words in every string under a JSON value, plus one per number; at least 1. */
  static int promptTokens(Object json) {
    return Math.max(1, count(json));
  }

  private static int count(Object json) {
    if (json instanceof String text) {
      return words(text);
    }
    if (json instanceof Number) {
      return 1;
    }
    int total = 0;
    if (json instanceof JsonObject object) {
      for (Map.Entry<String, Object> entry : object) {
        total += count(entry.getValue());
      }
    } else if (json instanceof JsonArray array) {
      for (Object element : array) {
        total += count(element);
      }
    }
    return total;
  }
}
