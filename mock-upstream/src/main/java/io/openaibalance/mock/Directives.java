package io.openaibalance.mock;

import java.util.EnumMap;
import java.util.Map;

/**
 * A validated set of directives from one source (key, model or key override). Immutable; a bad
 * name or value is rejected at parse time with a message naming the source, directive, value and
 * what was expected.
 */
final class Directives {
  static final Directives NONE = new Directives(new EnumMap<>(Directive.class));

  private final EnumMap<Directive, String> values;

  private Directives(EnumMap<Directive, String> values) {
    this.values = values;
  }

  /**
   * Directives after the name in a {@code :}-separated key or model, e.g. {@code
   * gpt-4o-mini:chunks=20}. Tokens without {@code =} are part of the name and ignored, so real
   * model ids such as {@code ft:gpt-4o-mini:org::id} pass through untouched.
   */
  static Directives afterName(String nameWithDirectives, String source) {
    int colon = nameWithDirectives.indexOf(':');
    if (colon < 0) {
      return NONE;
    }
    return parse(nameWithDirectives.substring(colon + 1), source, false);
  }

  /** A bare directive list such as {@code status=429:retry-after=2}; every token needs a value. */
  static Directives list(String directives, String source) {
    return parse(directives, source, true);
  }

  private static Directives parse(String text, String source, boolean strict) {
    EnumMap<Directive, String> values = new EnumMap<>(Directive.class);
    for (String token : text.split(":", -1)) {
      int equals = token.indexOf('=');
      if (equals < 0) {
        if (strict && !token.isEmpty()) {
          throw new IllegalArgumentException(
              "mock directive '" + token + "' in " + source
                  + " has no value (expected name=value)");
        }
        continue;
      }
      String name = token.substring(0, equals);
      String value = token.substring(equals + 1);
      Directive directive = Directive.named(name);
      if (directive == null) {
        throw new IllegalArgumentException(
            "unknown mock directive '" + name + "' in " + source + " (expected one of "
                + Directive.NAMES + ")");
      }
      if (!directive.syntax().accepts(value)) {
        throw new IllegalArgumentException(
            "mock directive '" + name + "' in " + source + ": '" + value + "' (expected "
                + directive.syntax().expected() + ")");
      }
      values.put(directive, value);
    }
    return values.isEmpty() ? NONE : new Directives(values);
  }

  /** These directives with {@code winner}'s values replacing any of the same name. */
  Directives overriddenBy(Directives winner) {
    if (winner.values.isEmpty()) {
      return this;
    }
    if (values.isEmpty()) {
      return winner;
    }
    EnumMap<Directive, String> merged = new EnumMap<>(values);
    merged.putAll(winner.values);
    return new Directives(merged);
  }

  String text(Directive directive) {
    return values.get(directive);
  }

  int number(Directive directive, int fallback) {
    String value = values.get(directive);
    return value == null ? fallback : Integer.parseInt(value);
  }

  boolean flag(Directive directive) {
    String value = values.get(directive);
    return "1".equals(value) || "true".equals(value);
  }

  Map<Directive, String> asMap() {
    return Map.copyOf(values);
  }
}
