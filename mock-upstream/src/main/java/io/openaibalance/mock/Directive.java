package io.openaibalance.mock;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The {@code name=value} directives a key or model name may carry, each with its value syntax. */
enum Directive {
  STATUS("status", Syntax.ERROR_STATUS),
  CODE("code", Syntax.TEXT),
  TYPE("type", Syntax.TEXT),
  RETRY_AFTER("retry-after", Syntax.TEXT),
  RETRY_AFTER_DATE("retry-after-date", Syntax.COUNT),
  RETRY_AFTER_MS("retry-after-ms", Syntax.TEXT),
  RESET_REQUESTS("reset-requests", Syntax.TEXT),
  RESET_TOKENS("reset-tokens", Syntax.TEXT),
  TTFB_MS("ttfb-ms", Syntax.COUNT),
  CHUNKS("chunks", Syntax.COUNT),
  INTERVAL_MS("interval-ms", Syntax.COUNT),
  DROP_AFTER("drop-after", Syntax.COUNT),
  HANG_AFTER("hang-after", Syntax.COUNT),
  SSE_EXTRAS("sse-extras", Syntax.FLAG),
  SIZE("size", Syntax.COUNT);

  /** How a value is checked; checking happens once, at parse time, so readers can trust it. */
  enum Syntax {
    ERROR_STATUS("an HTTP error status 400-599"),
    COUNT("a non-negative integer"),
    FLAG("1, 0, true or false"),
    TEXT("a non-empty value");

    private final String expected;

    Syntax(String expected) {
      this.expected = expected;
    }

    boolean accepts(String value) {
      return switch (this) {
        case ERROR_STATUS -> {
          Integer status = parseInt(value);
          yield status != null && status >= 400 && status <= 599;
        }
        case COUNT -> {
          Integer count = parseInt(value);
          yield count != null && count >= 0;
        }
        case FLAG -> value.equals("1") || value.equals("0") || value.equals("true")
            || value.equals("false");
        case TEXT -> !value.isEmpty();
      };
    }

    String expected() {
      return expected;
    }

    private static Integer parseInt(String value) {
      try {
        return Integer.valueOf(value);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  private static final Map<String, Directive> BY_NAME =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(d -> d.name, Function.identity()));

  static final String NAMES =
      Arrays.stream(values()).map(d -> d.name).collect(Collectors.joining(", "));

  private final String name;
  private final Syntax syntax;

  Directive(String name, Syntax syntax) {
    this.name = name;
    this.syntax = syntax;
  }

  /** The directive with this name, or {@code null}. */
  static Directive named(String name) {
    return BY_NAME.get(name);
  }

  String directiveName() {
    return name;
  }

  Syntax syntax() {
    return syntax;
  }
}
