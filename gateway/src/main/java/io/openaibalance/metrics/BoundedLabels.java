package io.openaibalance.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Label values a client chooses (model names) made safe for a time series: the first {@code
 * capacity} distinct values that look like model names are kept as they are, anything else is
 * {@code other}. A client sending random model names can therefore never grow the metrics without
 * bound.
 */
final class BoundedLabels {
  static final String OTHER = "other";
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:/@+-]{1,64}");

  private final int capacity;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  BoundedLabels(int capacity) {
    this.capacity = capacity;
  }

  String label(String value) {
    if (admitted.contains(value)) {
      return value;
    }
    if (value.isEmpty() || !PLAIN.matcher(value).matches() || admitted.size() >= capacity) {
      return value.isEmpty() ? "none" : OTHER;
    }
    // Two threads may both admit at the edge: the bound is soft by at most the event loops.
    admitted.add(value);
    return value;
  }
}
