package io.openaibalance.bench;

import io.openaibalance.bench.report.BenchReport;
import io.openaibalance.bench.report.ScenarioResult;
import io.openaibalance.bench.report.TargetResult;
import io.openaibalance.bench.target.DirectLauncher;
import io.openaibalance.bench.target.GatewayLauncher;
import io.openaibalance.bench.target.MockUpstreamProcess;
import io.openaibalance.bench.target.NginxLauncher;
import io.openaibalance.bench.target.ProcessAccounting;
import io.openaibalance.bench.target.TargetLauncher;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A whole run: one mock upstream, then for each scenario every target in the same order, one at
 * a time (the machine's cores are shared by the target, the mock and the driver, so two targets
 * at once would measure each other).
 */
final class BenchRun {
  static final String NGINX_MISSING = "*** nginx not installed: the nginx baseline is skipped"
      + " (apt-get install -y nginx-light) ***";

  private final BenchOptions options;
  private final PrintStream progress;

  /** @param progress where progress and warnings go (stderr), apart from the report */
  BenchRun(BenchOptions options, PrintStream progress) {
    this.options = options;
    this.progress = progress;
  }

  /** @throws IllegalStateException when a jar is missing or the mock cannot start */
  BenchReport run() {
    requireFile(options.mockJar(), "mock upstream jar");
    if (options.targets().contains("gateway")) {
      requireFile(options.gatewayJar(), "gateway jar");
    }
    ProcessAccounting accounting = ProcessAccounting.open();
    Path workDir = temporaryDirectory();
    List<String> notes = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    List<ScenarioResult> scenarios = new ArrayList<>();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.driverThreads())
        .setPreferNativeTransport(true));
    try (MockUpstreamProcess mock = MockUpstreamProcess.start(options.mockJar(),
        options.mockJava(), options.mockServers(), workDir)) {
      List<TargetLauncher> launchers = launchers(mock, notes);
      TargetMeasurement measurement = new TargetMeasurement(vertx, accounting, mock.pid(),
          options.driverThreads(), progress);
      progress.println("warming up the mock upstream and the load driver ...");
      for (Scenario warmUp : Scenarios.LOAD_SIDE_WARMUP) {
        measurement.warmUpOnly(warmUp.scaled(options.durationScale()), new DirectLauncher(mock),
            workDir);
      }
      List<String> selected = options.scenarios().stream().map(Scenario::name).toList();
      for (Scenario scenario : options.scenarios()) {
        Optional<String> baselinesFrom = scenario.baselinesFrom().filter(selected::contains);
        List<TargetResult> results = new ArrayList<>();
        for (TargetLauncher launcher : launchers) {
          if (baselinesFrom.isPresent() && !launcher.isGateway()) {
            continue;
          }
          progress.printf("[%s] %s ...%n", scenario.name(), launcher.name());
          try {
            TargetResult result = measurement.measure(scenario, launcher, workDir);
            progress.printf("[%s] %s: %d requests, %d errors, %.0f req/s, p99 %.2f ms%n",
                scenario.name(), launcher.name(), result.requests(), result.errors(),
                result.throughputPerSecond(), result.latency().p99Ms());
            results.add(result);
          } catch (RuntimeException e) {
            String failure = scenario.name() + " / " + launcher.name() + ": " + e.getMessage();
            progress.println("FAILED " + failure);
            failures.add(failure);
          }
        }
        scenarios.add(new ScenarioResult(scenario.name(), scenario.description(), baselinesFrom,
            results));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    if (failures.isEmpty()) {
      deleteTree(workDir);
    } else {
      notes.add("logs and configurations of the failed run are kept in " + workDir);
    }
    return new BenchReport(settings(), scenarios, notes, failures);
  }

  private List<TargetLauncher> launchers(MockUpstreamProcess mock, List<String> notes) {
    List<TargetLauncher> launchers = new ArrayList<>();
    if (options.targets().contains("direct")) {
      launchers.add(new DirectLauncher(mock));
    }
    if (options.targets().contains("nginx")) {
      NginxLauncher nginx = new NginxLauncher(mock, options.nginxWorkers());
      if (nginx.unavailable().isPresent()) {
        progress.println(NGINX_MISSING);
        notes.add(nginx.unavailable().get() + ": the nginx baseline was skipped");
      } else {
        launchers.add(nginx);
      }
    }
    if (options.targets().contains("gateway")) {
      options.variants().forEach(variant -> launchers.add(new GatewayLauncher(
          options.gatewayJar(), options.gatewayJava(), mock, variant)));
    }
    return launchers;
  }

  private Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    settings.put("java", Runtime.version().toString());
    settings.put("gatewayJvmArgs", options.gatewayJava().toString());
    settings.put("mockJvmArgs", options.mockJava().toString());
    settings.put("mockServers", Integer.toString(options.mockServers()));
    settings.put("nginxWorkers", Integer.toString(options.nginxWorkers()));
    settings.put("driverThreads", Integer.toString(options.driverThreads()));
    settings.put("durationScale", Double.toString(options.durationScale()));
    options.variants().forEach(v -> settings.put(v.targetName() + ".env",
        v.variables().isEmpty() ? "(harness defaults)" : v.variables().toString()));
    return settings;
  }

  private static void requireFile(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("no " + what + " at " + file.toAbsolutePath()
          + ": build it with ./mvnw -q -B -DskipTests package at the repository root");
    }
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("openai-balance-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  private void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      progress.println("could not delete " + root + " (" + e.getMessage() + "); it can go");
    }
  }
}
