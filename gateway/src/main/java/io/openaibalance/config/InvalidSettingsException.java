package io.openaibalance.config;

import java.util.List;

/**
 * The configuration has one or more problems. The message lists every one, a line each, in the
 * form {@code MAX_RETRIES: -1 (expected >= 0)}; secret values appear only masked.
 */
public final class InvalidSettingsException extends RuntimeException {
  private final List<String> problems;

  InvalidSettingsException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem, in the order they were found. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    return "invalid configuration (" + problems.size()
        + (problems.size() == 1 ? " problem" : " problems") + "):\n  "
        + String.join("\n  ", problems);
  }
}
