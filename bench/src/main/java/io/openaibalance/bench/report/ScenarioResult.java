package io.openaibalance.bench.report;

import java.util.List;
import java.util.Optional;

/**
 * The targets' results in one scenario, in the order they ran.
 *
 * @param description what the scenario offers, e.g. {@code open loop, 300 req/s, 20 s}
 * @param baselinesFrom the scenario whose direct and nginx results stand in when this one did not
 *     run them (the many-keys run reuses the plain saturation's)
 */
public record ScenarioResult(String scenario, String description, Optional<String> baselinesFrom,
    List<TargetResult> results) {

  public ScenarioResult {
    results = List.copyOf(results);
  }

  Optional<TargetResult> target(String name) {
    return results.stream().filter(r -> r.target().equals(name)).findFirst();
  }
}
