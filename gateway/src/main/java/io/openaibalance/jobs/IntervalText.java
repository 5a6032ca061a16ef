package io.openaibalance.jobs;

import java.time.Duration;
import java.util.StringJoiner;

/** Writes an interval the way an admin reads it: {@code 1h 30m}, {@code 45s}, {@code 20ms}. */
final class IntervalText {
  private IntervalText() {}

  static String of(Duration interval) {
    StringJoiner text = new StringJoiner(" ");
    append(text, interval.toHours(), "h");
    append(text, interval.toMinutesPart(), "m");
    append(text, interval.toSecondsPart(), "s");
    append(text, interval.toMillisPart(), "ms");
    return text.length() == 0 ? interval.toString() : text.toString();
  }

  private static void append(StringJoiner text, long amount, String unit) {
    if (amount > 0) {
      text.add(amount + unit);
    }
  }
}
