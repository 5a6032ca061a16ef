package io.openaibalance.bench.report;

import org.HdrHistogram.Histogram;

/** Percentiles of a histogram recorded in microseconds, in milliseconds. */
public record Latency(double p50Ms, double p90Ms, double p99Ms, double maxMs) {

  public static Latency of(Histogram micros) {
    return new Latency(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
        ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()));
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}
