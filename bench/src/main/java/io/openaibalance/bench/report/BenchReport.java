package io.openaibalance.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole run: every scenario's results, what was skipped, and the settings the numbers depend
 * on. Comparisons are derived here, so the Markdown and the JSON cannot disagree.
 *
 * @param settings how the run was set up (cores, JVM flags, nginx workers...), shown as given
 * @param notes what was skipped or worth knowing, e.g. {@code nginx not installed}
 * @param failures targets that could not be started or measured, with the reason
 */
public record BenchReport(Map<String, String> settings, List<ScenarioResult> scenarios,
    List<String> notes, List<String> failures) {
  public static final String DIRECT = "direct";
  public static final String NGINX = "nginx";

  public BenchReport {
    settings = Map.copyOf(settings);
    scenarios = List.copyOf(scenarios);
    notes = List.copyOf(notes);
    failures = List.copyOf(failures);
  }

  public List<TargetResult> allResults() {
    List<TargetResult> all = new ArrayList<>();
    scenarios.forEach(s -> all.addAll(s.results()));
    return all;
  }

  /** Latency a target adds over direct in its scenario (or the scenario standing in for it). */
  public Optional<AddedLatency> addedLatency(TargetResult result) {
    if (result.target().equals(DIRECT)) {
      return Optional.empty();
    }
    return baseline(result.scenario(), DIRECT).map(direct -> new AddedLatency(
        result.latency().p50Ms() - direct.latency().p50Ms(),
        result.latency().p99Ms() - direct.latency().p99Ms()));
  }

  /** A gateway's numbers over nginx's in the same scenario (or the one standing in for it). */
  public Optional<Ratios> versusNginx(TargetResult result) {
    if (!result.gateway()) {
      return Optional.empty();
    }
    return baseline(result.scenario(), NGINX).map(nginx -> Ratios.of(result, nginx));
  }

  /** The baseline's result, and in which scenario it was measured. */
  public Optional<TargetResult> baseline(String scenario, String target) {
    Optional<ScenarioResult> own = scenarios.stream()
        .filter(s -> s.scenario().equals(scenario)).findFirst();
    if (own.isEmpty()) {
      return Optional.empty();
    }
    Optional<TargetResult> here = own.get().target(target);
    if (here.isPresent()) {
      return here;
    }
    return own.get().baselinesFrom().flatMap(other -> baseline(other, target));
  }

  /** What a target adds to direct's latency, in milliseconds. */
  public record AddedLatency(double p50Ms, double p99Ms) { }
}
