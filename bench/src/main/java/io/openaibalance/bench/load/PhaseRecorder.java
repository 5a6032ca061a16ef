package io.openaibalance.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Records the requests of one phase. Synchronized because closed-loop workers may run on more
 * than one driver event loop; with one loop (the default) the lock is never contended.
 */
final class PhaseRecorder {
  /** Ten minutes in microseconds: longer than any request the drivers wait for. */
  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final Histogram latency = histogram();
  private final Histogram timeToFirstByte = histogram();
  private final Histogram largestGap = histogram();
  private final Map<String, Long> failures = new TreeMap<>();
  private long succeeded;
  private long lastEndNanos;

  /**
   * @param latencyFromNanos the instant latency counts from: the intended send time in an open
   *     loop (so a late send is not forgiven), the actual one in a closed loop
   */
  synchronized void record(Outcome outcome, long latencyFromNanos) {
    lastEndNanos = Math.max(lastEndNanos, outcome.endNanos());
    if (!outcome.succeeded()) {
      failures.merge(outcome.failure(), 1L, Long::sum);
      return;
    }
    succeeded++;
    latency.recordValue(micros(outcome.endNanos() - latencyFromNanos));
    if (outcome.firstByteNanos() >= 0) {
      timeToFirstByte.recordValue(micros(outcome.firstByteNanos() - outcome.startNanos()));
      largestGap.recordValue(micros(outcome.largestGapNanos()));
    }
  }

  /** Requests that never ended within the drain time: errors too. */
  synchronized void unfinished(long count) {
    if (count > 0) {
      failures.merge("unfinished", count, Long::sum);
    }
  }

  synchronized PhaseResult result(long startNanos) {
    long errors = failures.values().stream().mapToLong(Long::longValue).sum();
    long elapsed = Math.max(1, lastEndNanos - startNanos);
    return new PhaseResult(succeeded + errors, errors, Map.copyOf(failures),
        elapsed, latency.copy(), timeToFirstByte.copy(), largestGap.copy());
  }

  private static Histogram histogram() {
    return new Histogram(HIGHEST_MICROS, 3);
  }

  private static long micros(long nanos) {
    return Math.min(HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
  }
}
