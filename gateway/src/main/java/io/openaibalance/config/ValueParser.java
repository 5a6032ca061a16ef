package io.openaibalance.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the text of one value into its type. A bad value is recorded in {@link Problems} under
 * the field's name and a fallback is returned, so one load reports every problem at once.
 */
final class ValueParser {
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> TRUE = Set.of("true", "1", "yes");
  private static final Set<String> FALSE = Set.of("false", "0", "no");

  private final ObjectMapper json;
  private final Problems problems;

  ValueParser(ObjectMapper json, Problems problems) {
    this.json = json;
    this.problems = problems;
  }

  Problems problems() {
    return problems;
  }

  /**
   * A JSON array of strings, or comma-separated text. Items are trimmed, empty ones dropped, and
   * duplicates removed keeping the first.
   */
  List<String> list(String field, String text, boolean secret) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("[")) {
      Set<String> items = new LinkedHashSet<>();
      for (String item : trimmed.split(",")) {
        if (!item.isBlank()) {
          items.add(item.strip());
        }
      }
      return List.copyOf(items);
    }
    return json(field, trimmed, "a JSON array of strings or comma-separated values")
        .map(node -> list(field, node, secret))
        .orElse(List.of());
  }

  /** A JSON array of strings (or, leniently, one comma-separated string). */
  List<String> list(String field, JsonNode node, boolean secret) {
    if (node.isTextual()) {
      return list(field, node.textValue(), secret);
    }
    if (!node.isArray()) {
      problems.add(field, Problems.show(node, secret), "a JSON array of strings");
      return List.of();
    }
    Set<String> items = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isTextual()) {
        problems.add(field + "[" + i + "]", Problems.show(item, secret), "a string");
      } else if (!item.textValue().isBlank()) {
        items.add(item.textValue().strip());
      }
    }
    return List.copyOf(items);
  }

  boolean bool(String field, String text, boolean fallback) {
    String lower = text.strip().toLowerCase(Locale.ROOT);
    if (TRUE.contains(lower)) {
      return true;
    }
    if (FALSE.contains(lower)) {
      return false;
    }
    problems.add(field, Problems.show(text, false), "true, false, 1, 0, yes or no");
    return fallback;
  }

  int integer(String field, String text, int min, int max, int fallback) {
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      problems.add(field, Problems.show(text, false), "an integer " + range(min, max));
      return fallback;
    }
    if (value < min || value > max) {
      problems.add(field, Problems.show(text.strip(), false), range(min, max));
      return fallback;
    }
    return value;
  }

  private static String range(int min, int max) {
    return max == Integer.MAX_VALUE ? ">= " + min : "from " + min + " to " + max;
  }

  /** Seconds as an integer or a decimal ({@code 2.5}), greater than zero. */
  Duration seconds(String field, String text, Duration fallback) {
    try {
      BigDecimal seconds = new BigDecimal(text.strip());
      if (seconds.signum() > 0) {
        long nanos = seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
        if (nanos > 0) {
          return Duration.ofNanos(nanos);
        }
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below: not a number, or too large for a Duration
    }
    problems.add(field, Problems.show(text, false), "a number of seconds > 0");
    return fallback;
  }

  /**
   * Hours as an integer or a decimal ({@code 0.5}); zero only when {@code zeroAllowed} (it turns
   * a job off).
   */
  Duration hours(String field, String text, boolean zeroAllowed, Duration fallback) {
    try {
      BigDecimal hours = new BigDecimal(text.strip());
      long millis = hours.multiply(BigDecimal.valueOf(3_600_000))
          .setScale(0, RoundingMode.HALF_UP).longValueExact();
      if (millis > 0 || (millis == 0 && zeroAllowed && hours.signum() == 0)) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    problems.add(field, Problems.show(text, false),
        zeroAllowed ? "a number of hours >= 0" : "a number of hours > 0");
    return fallback;
  }

  /** An absolute http or https URL with a host, without its trailing slashes. */
  URI httpUrl(String field, String text, URI fallback) {
    String trimmed = text.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    problems.add(field, Problems.show(text, false), "an http or https URL");
    return fallback;
  }

  /** A JSON object of header names to string values. */
  Map<String, String> headers(String field, String text) {
    return json(field, text, "a JSON object of header names to string values")
        .map(node -> headers(field, node))
        .orElse(Map.of());
  }

  Map<String, String> headers(String field, JsonNode node) {
    if (!node.isObject()) {
      problems.add(field, Problems.show(node, true), "a JSON object of header names to strings");
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String name = entry.getKey();
      JsonNode value = entry.getValue();
      String headerField = field + "." + name;
      if (!HEADER_NAME.matcher(name).matches()) {
        problems.add(headerField, Problems.show(name, false), "an HTTP header name");
      } else if (!value.isTextual()) {
        problems.add(headerField, Problems.show(value, true), "a string");
      } else if (value.textValue().indexOf('\r') >= 0 || value.textValue().indexOf('\n') >= 0) {
        problems.add(headerField, Problems.show(value, true), "a value without line breaks");
      } else {
        headers.put(name, value.textValue());
      }
    }
    return headers;
  }

  /**
   * Parses JSON text. A syntax error is reported by position only: Jackson's message quotes the
   * offending text, which may be part of a key.
   */
  Optional<JsonNode> json(String field, String text, String expected) {
    try {
      return Optional.of(json.readTree(text));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column "
          + at.getColumnNr();
      problems.addLine(field + ": invalid JSON" + where + " (expected " + expected + ")");
      return Optional.empty();
    }
  }

  /** The text of a scalar JSON value, so numbers and numeric strings parse alike. */
  Optional<String> scalarText(String field, JsonNode node, boolean secret, String expected) {
    if (node.isTextual() || node.isNumber() || node.isBoolean()) {
      return Optional.of(node.asText());
    }
    problems.add(field, Problems.show(node, secret), expected);
    return Optional.empty();
  }
}
