package io.openaibalance.bench.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The requests of one phase. Histograms are in microseconds; the time-to-first-byte and gap
 * histograms are empty for a phase with no response body chunks.
 *
 * @param requests every request started in the phase, errors included
 * @param failuresByReason error counts by reason ({@code status 502}, an exception class,
 *     {@code unfinished})
 * @param elapsedNanos from the phase's start to its last request's end
 */
public record PhaseResult(long requests, long errors, Map<String, Long> failuresByReason,
    long elapsedNanos, Histogram latencyMicros, Histogram timeToFirstByteMicros,
    Histogram largestGapMicros) {

  /** Successful requests per second over the phase. */
  public double throughput() {
    return (requests - errors) * 1e9 / elapsedNanos;
  }
}
