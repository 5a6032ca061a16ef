package io.openaibalance.bench.target;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The mock's keys. Plain names with no directives, so every key behaves alike; the first is the
 * one the baselines use.
 */
final class UpstreamKeys {
  static final String FIRST = key(1);

  private UpstreamKeys() { }

  /** {@code count} keys as a comma-separated list, the form .env accepts. */
  static String list(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(UpstreamKeys::key)
        .collect(Collectors.joining(","));
  }

  private static String key(int number) {
    return String.format("sk-bench-%05d", number);
  }
}
