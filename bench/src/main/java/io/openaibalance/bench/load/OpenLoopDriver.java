package io.openaibalance.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Fixed-rate load: request {@code i} is due at {@code start + i / rate} whatever happened to the
 * ones before, and its latency counts from that intended time. A target that stalls therefore
 * shows the stall in every request that should have been sent meanwhile (no coordinated
 * omission), and requests beyond the connection pool wait in its queue on the clock.
 */
public final class OpenLoopDriver implements LoadDriver {
  /** A 1 ms tick sends every request that has come due; late ticks only send in bursts. */
  private static final long TICK_MS = 1;

  private final Vertx vertx;
  private final LoadClient client;
  private final double ratePerSecond;
  private final Duration drainLimit;

  public OpenLoopDriver(Vertx vertx, LoadClient client, double ratePerSecond,
      Duration drainLimit) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.client = Objects.requireNonNull(client, "client");
    this.drainLimit = Objects.requireNonNull(drainLimit, "drainLimit");
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("ratePerSecond: " + ratePerSecond + " (expected > 0)");
    }
    this.ratePerSecond = ratePerSecond;
  }

  @Override
  public CompletableFuture<PhaseResult> run(Duration duration) {
    long total = Math.max(1, Math.round(ratePerSecond * duration.toNanos() / 1e9));
    Phase phase = new Phase(total);
    Context context = vertx.getOrCreateContext();
    context.runOnContext(ignored -> phase.begin(duration));
    return phase.result;
  }

  /** One phase's schedule; every field is touched on the one context that runs it. */
  private final class Phase {
    private final CompletableFuture<PhaseResult> result = new CompletableFuture<>();
    private final PhaseRecorder recorder = new PhaseRecorder();
    private final long total;
    private final double intervalNanos;
    private long startNanos;
    private long sent;
    private long ended;
    private long ticker;

    Phase(long total) {
      this.total = total;
      this.intervalNanos = 1e9 / ratePerSecond;
    }

    void begin(Duration duration) {
      startNanos = System.nanoTime();
      ticker = vertx.setPeriodic(TICK_MS, id -> sendDue());
      sendDue();
      vertx.setTimer(duration.plus(drainLimit).toMillis(), id -> giveUp());
    }

    private void sendDue() {
      long now = System.nanoTime();
      while (sent < total) {
        long intended = startNanos + (long) (sent * intervalNanos);
        if (intended > now) {
          return;
        }
        sent++;
        client.send(outcome -> ended(outcome, intended));
      }
      vertx.cancelTimer(ticker);
    }

    private void ended(Outcome outcome, long intended) {
      if (result.isDone()) {
        return;
      }
      recorder.record(outcome, intended);
      if (++ended == total) {
        result.complete(recorder.result(startNanos));
      }
    }

    private void giveUp() {
      if (!result.isDone()) {
        vertx.cancelTimer(ticker);
        recorder.unfinished(total - ended);
        result.complete(recorder.result(startNanos));
      }
    }
  }
}
