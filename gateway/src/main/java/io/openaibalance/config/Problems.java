package io.openaibalance.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.openaibalance.secret.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every configuration problem of one load, so the user fixes them all in one go rather
 * than one per restart. Each line reads {@code FIELD: value (expected ...)}.
 */
final class Problems {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  private final List<String> lines = new ArrayList<>();

  /** {@code shown} must already be safe to print: see {@link #show(String, boolean)}. */
  void add(String field, String shown, String expected) {
    lines.add(field + ": " + shown + " (expected " + expected + ")");
  }

  /** A line that is not about one value, for example a .env syntax error. */
  void addLine(String line) {
    lines.add(line);
  }

  void addAll(List<String> more) {
    lines.addAll(more);
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  void throwIfAny() {
    if (!lines.isEmpty()) {
      throw new InvalidSettingsException(lines);
    }
  }

  /** A value as it may appear in a message: numbers bare, text quoted, secrets masked. */
  static String show(String value, boolean secret) {
    String text = secret ? Secret.mask(value) : value;
    if (!secret && NUMBER.matcher(text).matches()) {
      return text;
    }
    return quote(text);
  }

  /** A JSON value as it may appear in a message; containers are named, never printed. */
  static String show(JsonNode node, boolean secret) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return show(node.textValue(), secret);
    }
    return secret ? quote(Secret.mask(node.asText())) : node.asText();
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
