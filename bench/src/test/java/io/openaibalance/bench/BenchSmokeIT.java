package io.openaibalance.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openaibalance.bench.report.BenchReport;
import io.openaibalance.bench.report.JsonReport;
import io.openaibalance.bench.report.MarkdownReport;
import io.openaibalance.bench.target.NginxLauncher;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the harness in-process for a few seconds against the real jars (built by the reactor's
 * package phase; this runs in integration-test). Asserts what every run must have, never a
 * timing: numbers depend on the machine.
 */
class BenchSmokeIT {
  private static final boolean REQUIRE_SERVICES =
      "true".equals(System.getenv("OPENAI_BALANCE_REQUIRE_SERVICES"));
  /** Failsafe runs in the module's directory; the jars are the sibling modules'. */
  private static final Path REPO = Path.of("").toAbsolutePath().getParent();

  @Test
  void everyTargetAnswersEveryRequestAndTheReportHasEveryField() {
    Path gatewayJar = REPO.resolve("gateway/target/openai-balance.jar");
    Path mockJar = REPO.resolve("mock-upstream/target/mock-upstream-0.1.0-SNAPSHOT-all.jar");
    boolean jarsBuilt = Files.isRegularFile(gatewayJar) && Files.isRegularFile(mockJar);
    if (!jarsBuilt) {
      String note = "*** the gateway or mock jar is not built (" + gatewayJar + ", " + mockJar
          + "): the benchmark smoke test is skipped ***";
      System.err.println(note);
      assertThat(REQUIRE_SERVICES).as(note).isFalse();
      assumeTrue(false, note);
    }
    boolean nginx = NginxLauncher.find().isPresent();
    if (!nginx) {
      System.err.println(BenchRun.NGINX_MISSING);
      assertThat(REQUIRE_SERVICES).as("nginx is required: " + BenchRun.NGINX_MISSING).isFalse();
    }
    // Tiny durations: 0.1 s of warm-up and 0.5 s measured per target and scenario.
    BenchOptions options = BenchOptions.parse("--scenarios", "rate-300,streams-200",
        "--duration-scale", "0.025", "--repo", REPO.toString(),
        "--gateway", "memory:DATABASE_TYPE=memory");
    ByteArrayOutputStream progress = new ByteArrayOutputStream();

    BenchReport report = new BenchRun(options, new PrintStream(progress, true,
        StandardCharsets.UTF_8)).run();

    System.err.print(progress.toString(StandardCharsets.UTF_8));
    System.err.print(MarkdownReport.render(report));
    assertThat(report.failures()).isEmpty();
    List<String> expectedTargets = new ArrayList<>(List.of("direct"));
    if (nginx) {
      expectedTargets.add("nginx");
    }
    expectedTargets.add("gateway-memory");
    JsonObject json = JsonReport.render(report);
    assertThat(json.getJsonArray("scenarios")).hasSize(2);
    for (Object scenarioJson : json.getJsonArray("scenarios")) {
      JsonObject scenario = (JsonObject) scenarioJson;
      List<JsonObject> results = scenario.getJsonArray("results").stream()
          .map(JsonObject.class::cast).toList();
      assertThat(results).extracting(r -> r.getString("target"))
          .containsExactlyElementsOf(expectedTargets);
      boolean streaming = scenario.getString("scenario").startsWith("streams");
      results.forEach(result -> assertComplete(result, streaming, nginx));
    }
  }

  private static void assertComplete(JsonObject result, boolean streaming, boolean nginx) {
    String target = result.getString("target");
    assertThat(result.fieldNames()).as(target).containsExactlyInAnyOrder("target", "gateway",
        "requests", "errors", "errorsByReason", "throughputPerSecond", "latencyMs",
        "addedVsDirectMs", "streams", "cpuSecondsPer10kRequests", "peakRssMib",
        "startToReadyMs", "versusNginx", "loadSide");
    assertThat(result.getLong("requests")).as(target + " requests").isPositive();
    assertThat(result.getLong("errors")).as(target + " errors: " + result.getValue(
        "errorsByReason")).isZero();
    assertThat(result.getDouble("throughputPerSecond")).as(target).isPositive();
    assertThat(result.getJsonObject("latencyMs").fieldNames())
        .containsExactlyInAnyOrder("p50", "p90", "p99", "max");
    assertThat(result.getJsonObject("loadSide").fieldNames()).containsExactlyInAnyOrder(
        "mockCpuSecondsPer10kRequests", "driverCpuSecondsPer10kRequests",
        "driverCpuPercentOfOneCore");
    assertThat(result.getValue("streams") != null).as(target + " streams").isEqualTo(streaming);
    boolean direct = target.equals("direct");
    boolean gateway = result.getBoolean("gateway");
    assertThat(result.getValue("addedVsDirectMs") == null).as(target).isEqualTo(direct);
    assertThat(result.getValue("cpuSecondsPer10kRequests") == null).as(target).isEqualTo(direct);
    assertThat(result.getValue("peakRssMib") == null).as(target).isEqualTo(direct);
    assertThat(result.getValue("startToReadyMs") != null).as(target).isEqualTo(gateway);
    assertThat(result.getValue("versusNginx") != null).as(target).isEqualTo(gateway && nginx);
  }
}
