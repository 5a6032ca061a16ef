package io.openaibalance.bench.report;

import java.util.Optional;

/**
 * A gateway's numbers divided by nginx's: above 1 is more (more throughput is better, more
 * latency, CPU or memory is worse). Empty where nginx's value is zero or missing.
 */
public record Ratios(String nginxScenario, double throughput, double p50, double p99,
    Optional<Double> cpuPer10k, Optional<Double> peakRss) {

  static Ratios of(TargetResult gateway, TargetResult nginx) {
    return new Ratios(nginx.scenario(),
        divide(gateway.throughputPerSecond(), nginx.throughputPerSecond()),
        divide(gateway.latency().p50Ms(), nginx.latency().p50Ms()),
        divide(gateway.latency().p99Ms(), nginx.latency().p99Ms()),
        both(gateway, nginx).map(c -> divide(c[0].cpuSecondsPer10k(), c[1].cpuSecondsPer10k())),
        both(gateway, nginx).map(c -> divide(c[0].peakRssMib(), c[1].peakRssMib())));
  }

  private static Optional<ProcessCost[]> both(TargetResult a, TargetResult b) {
    return a.cost().flatMap(ca -> b.cost().map(cb -> new ProcessCost[] {ca, cb}));
  }

  private static double divide(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }
}
