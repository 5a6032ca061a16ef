package io.openaibalance.bench.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The report as JSON. Every result carries every field; a value that does not apply (direct's
 * process cost, a non-streaming scenario's first byte) is {@code null}, not absent, so a reader
 * can tell "not applicable" from "forgotten".
 */
public final class JsonReport {
  private JsonReport() { }

  public static JsonObject render(BenchReport report) {
    JsonArray scenarios = new JsonArray();
    for (ScenarioResult scenario : report.scenarios()) {
      JsonArray results = new JsonArray();
      scenario.results().forEach(r -> results.add(result(report, r)));
      scenarios.add(new JsonObject()
          .put("scenario", scenario.scenario())
          .put("description", scenario.description())
          .put("baselinesFrom", scenario.baselinesFrom().orElse(null))
          .put("results", results));
    }
    return new JsonObject()
        .put("settings", new JsonObject(new TreeMap<>(report.settings())))
        .put("scenarios", scenarios)
        .put("notes", new JsonArray(report.notes()))
        .put("failures", new JsonArray(report.failures()));
  }

  private static JsonObject result(BenchReport report, TargetResult r) {
    Optional<BenchReport.AddedLatency> added = report.addedLatency(r);
    Optional<Ratios> ratios = report.versusNginx(r);
    return new JsonObject()
        .put("target", r.target())
        .put("gateway", r.gateway())
        .put("requests", r.requests())
        .put("errors", r.errors())
        .put("errorsByReason", new JsonObject(new TreeMap<>(r.errorsByReason())))
        .put("throughputPerSecond", finite(r.throughputPerSecond()))
        .put("latencyMs", new JsonObject()
            .put("p50", r.latency().p50Ms())
            .put("p90", r.latency().p90Ms())
            .put("p99", r.latency().p99Ms())
            .put("max", r.latency().maxMs()))
        .put("addedVsDirectMs", added.map(a -> new JsonObject()
            .put("p50", a.p50Ms()).put("p99", a.p99Ms())).orElse(null))
        .put("streams", r.streams().map(s -> new JsonObject()
            .put("firstByteP50Ms", s.firstByteP50Ms())
            .put("firstByteP99Ms", s.firstByteP99Ms())
            .put("largestGapP99Ms", s.largestGapP99Ms())
            .put("largestGapMaxMs", s.largestGapMaxMs())).orElse(null))
        .put("cpuSecondsPer10kRequests", r.cost().map(ProcessCost::cpuSecondsPer10k)
            .map(JsonReport::finite).orElse(null))
        .put("peakRssMib", r.cost().map(ProcessCost::peakRssMib).orElse(null))
        .put("startToReadyMs", r.startToReadyMs().orElse(null))
        .put("versusNginx", ratios.map(x -> new JsonObject()
            .put("nginxScenario", x.nginxScenario())
            .put("throughput", finite(x.throughput()))
            .put("p50", finite(x.p50()))
            .put("p99", finite(x.p99()))
            .put("cpuPer10kRequests", x.cpuPer10k().map(JsonReport::finite).orElse(null))
            .put("peakRss", x.peakRss().map(JsonReport::finite).orElse(null))).orElse(null))
        .put("loadSide", new JsonObject()
            .put("mockCpuSecondsPer10kRequests", finite(r.loadSide().mockCpuSecondsPer10k()))
            .put("driverCpuSecondsPer10kRequests",
                finite(r.loadSide().driverCpuSecondsPer10k()))
            .put("driverCpuPercentOfOneCore", finite(r.loadSide().driverCpuPercent())));
  }

  /** JSON has no NaN or infinity: a ratio over zero is written as null. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
