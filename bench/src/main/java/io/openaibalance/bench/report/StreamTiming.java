package io.openaibalance.bench.report;

import org.HdrHistogram.Histogram;

/**
 * How streams flowed: time to the first body bytes, and each stream's largest silence between
 * two chunks (the mock's interval plus whatever a proxy held a chunk back).
 */
public record StreamTiming(double firstByteP50Ms, double firstByteP99Ms, double largestGapP99Ms,
    double largestGapMaxMs) {

  public static StreamTiming of(Histogram firstByteMicros, Histogram largestGapMicros) {
    return new StreamTiming(firstByteMicros.getValueAtPercentile(50) / 1000.0,
        firstByteMicros.getValueAtPercentile(99) / 1000.0,
        largestGapMicros.getValueAtPercentile(99) / 1000.0,
        largestGapMicros.getMaxValue() / 1000.0);
  }
}
