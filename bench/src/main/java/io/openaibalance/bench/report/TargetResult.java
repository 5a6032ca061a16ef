package io.openaibalance.bench.report;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One target's measured phase in one scenario.
 *
 * @param gateway whether the target is a gateway variant (compared with nginx)
 * @param requests requests started in the measured phase, errors included
 * @param errors non-2xx answers, exceptions and requests unfinished at the drain limit
 * @param throughputPerSecond successful requests per second of the phase's wall time
 * @param streams stream timing, for streaming scenarios
 * @param cost the target's processes' cost; empty for direct, which has none
 * @param startToReadyMs process start to {@code /health} answering, for gateways
 */
public record TargetResult(String scenario, String target, boolean gateway, long requests,
    long errors, Map<String, Long> errorsByReason, double throughputPerSecond, Latency latency,
    Optional<StreamTiming> streams, Optional<ProcessCost> cost, Optional<Double> startToReadyMs,
    LoadSideCost loadSide) {

  public TargetResult {
    Objects.requireNonNull(scenario, "scenario");
    Objects.requireNonNull(target, "target");
    errorsByReason = Map.copyOf(errorsByReason);
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(streams, "streams");
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(startToReadyMs, "startToReadyMs");
    Objects.requireNonNull(loadSide, "loadSide");
  }
}
