package io.openaibalance.bench;

import io.openaibalance.bench.load.LoadClient;
import io.openaibalance.bench.load.LoadDriver;
import io.openaibalance.bench.load.PhaseResult;
import io.openaibalance.bench.report.Latency;
import io.openaibalance.bench.report.LoadSideCost;
import io.openaibalance.bench.report.ProcessCost;
import io.openaibalance.bench.report.StreamTiming;
import io.openaibalance.bench.report.TargetResult;
import io.openaibalance.bench.target.ProcessAccounting;
import io.openaibalance.bench.target.Target;
import io.openaibalance.bench.target.TargetLauncher;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Measures one target in one scenario: start it fresh, warm it up, then the measured phase between
 * two {@code /proc} samples, then stop it.
 */
final class TargetMeasurement {
  /** Past a phase's own drain limit: a driver that never completes is a harness bug. */
  private static final Duration HARNESS_MARGIN = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final ProcessAccounting accounting;
  private final long mockPid;
  private final int driverThreads;
  private final PrintStream progress;

  TargetMeasurement(Vertx vertx, ProcessAccounting accounting, long mockPid, int driverThreads,
      PrintStream progress) {
    this.vertx = vertx;
    this.accounting = accounting;
    this.mockPid = mockPid;
    this.driverThreads = driverThreads;
    this.progress = progress;
  }

  TargetResult measure(Scenario scenario, TargetLauncher launcher, Path workDir) {
    Path dir = createDirectory(workDir.resolve(scenario.name()).resolve(launcher.name()));
    int keys = launcher.isGateway() ? scenario.gatewayKeys() : 1;
    try (Target target = launcher.start(dir, keys);
        LoadClient client = new LoadClient(vertx, target.endpoint(), scenario.shape(),
            scenario.connections())) {
      LoadDriver driver = scenario.driver(vertx, client, driverThreads);
      if (!scenario.warmup().isZero()) {
        PhaseResult warm = await(driver.run(scenario.warmup()), scenario.warmup());
        if (warm.errors() > 0) {
          progress.printf("  warm-up had %d errors of %d: %s%n", warm.errors(), warm.requests(),
              warm.failuresByReason());
        }
      }
      Sample before = sample(target);
      PhaseResult measured = await(driver.run(scenario.measure()), scenario.measure());
      Sample after = sample(target);
      return result(scenario, launcher, target, measured, before, after);
    }
  }

  /**
   * Runs the scenario's load for its measured duration and keeps nothing: warms the mock's and
   * the driver's JIT before the first target, so that target does not pay for their compiling.
   */
  void warmUpOnly(Scenario scenario, TargetLauncher launcher, Path workDir) {
    Path dir = createDirectory(workDir.resolve("load-side-warm-up").resolve(scenario.name()));
    try (Target target = launcher.start(dir, 1);
        LoadClient client = new LoadClient(vertx, target.endpoint(), scenario.shape(),
            scenario.connections())) {
      await(scenario.driver(vertx, client, driverThreads).run(scenario.measure()),
          scenario.measure());
    }
  }

  private TargetResult result(Scenario scenario, TargetLauncher launcher, Target target,
      PhaseResult phase, Sample before, Sample after) {
    double per10k = phase.requests() == 0 ? Double.NaN : 10_000.0 / phase.requests();
    double wallSeconds = (after.nanos - before.nanos) / 1e9;
    Optional<ProcessCost> cost = target.cpuProcesses().isEmpty() ? Optional.empty()
        : Optional.of(new ProcessCost((after.target - before.target) * per10k,
            accounting.peakRssMib(target.memoryProcesses())));
    LoadSideCost loadSide = new LoadSideCost((after.mock - before.mock) * per10k,
        (after.driver - before.driver) * per10k,
        100 * (after.driver - before.driver) / wallSeconds);
    Optional<StreamTiming> streams = scenario.shape().stream()
        ? Optional.of(StreamTiming.of(phase.timeToFirstByteMicros(), phase.largestGapMicros()))
        : Optional.empty();
    return new TargetResult(scenario.name(), launcher.name(), launcher.isGateway(),
        phase.requests(), phase.errors(), phase.failuresByReason(), phase.throughput(),
        Latency.of(phase.latencyMicros()), streams, cost,
        target.startToReady().map(d -> d.toNanos() / 1e6), loadSide);
  }

  /** CPU seconds so far of the target, the mock and the harness, at one instant. */
  private record Sample(long nanos, double target, double mock, double driver) { }

  private Sample sample(Target target) {
    return new Sample(System.nanoTime(), accounting.cpuSeconds(target.cpuProcesses()),
        accounting.cpuSeconds(List.of(mockPid)),
        accounting.cpuSeconds(List.of(ProcessHandle.current().pid())));
  }

  private static PhaseResult await(CompletableFuture<PhaseResult> phase, Duration duration) {
    Duration limit = duration.plus(Scenario.DRAIN_LIMIT).plus(HARNESS_MARGIN);
    try {
      return phase.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during a phase", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the load driver did not finish a phase within "
          + limit.toSeconds() + " s", e);
    }
  }

  private static Path createDirectory(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
