package io.openaibalance.bench.load;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed-concurrency load: each of {@code concurrency} workers sends its next request as soon as
 * the previous one ends. Used for saturation (throughput at a concurrency) and for streams (how
 * many can be held at once); latency counts from the actual send, as a closed loop only offers
 * load when the target takes it.
 */
public final class ClosedLoopDriver implements LoadDriver {
  /** Workers start spread over up to this long, so thousands of streams do not SYN at once. */
  private static final long MAX_RAMP_MS = 1000;

  private final Vertx vertx;
  private final LoadClient client;
  private final int concurrency;
  private final int eventLoops;
  private final Duration drainLimit;

  /** @param eventLoops how many of the driver's event loops the workers are spread over */
  public ClosedLoopDriver(Vertx vertx, LoadClient client, int concurrency, int eventLoops,
      Duration drainLimit) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.client = Objects.requireNonNull(client, "client");
    this.drainLimit = Objects.requireNonNull(drainLimit, "drainLimit");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency: " + concurrency + " (expected >= 1)");
    }
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops: " + eventLoops + " (expected >= 1)");
    }
    this.concurrency = concurrency;
    this.eventLoops = eventLoops;
  }

  @Override
  public CompletableFuture<PhaseResult> run(Duration duration) {
    Phase phase = new Phase(System.nanoTime(), duration);
    // From a thread outside Vert.x, each call makes a context on the next event loop.
    Context[] contexts = new Context[eventLoops];
    for (int i = 0; i < eventLoops; i++) {
      contexts[i] = vertx.getOrCreateContext();
    }
    long rampMs = Math.min(MAX_RAMP_MS, Math.min(concurrency, duration.toMillis() / 2));
    for (int worker = 0; worker < concurrency; worker++) {
      long delayMs = rampMs * worker / concurrency;
      contexts[worker % eventLoops].runOnContext(ignored -> {
        if (delayMs == 0) {
          phase.next();
        } else {
          vertx.setTimer(delayMs, id -> phase.next());
        }
      });
    }
    contexts[0].runOnContext(ignored ->
        vertx.setTimer(duration.plus(drainLimit).toMillis(), id -> phase.giveUp()));
    return phase.result;
  }

  /** One phase; its counters are shared by workers on several event loops. */
  private final class Phase {
    private final CompletableFuture<PhaseResult> result = new CompletableFuture<>();
    private final PhaseRecorder recorder = new PhaseRecorder();
    private final AtomicInteger workersLeft = new AtomicInteger(concurrency);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final long startNanos;
    private final long endNanos;

    Phase(long startNanos, Duration duration) {
      this.startNanos = startNanos;
      this.endNanos = startNanos + duration.toNanos();
    }

    /** A worker's next step: send again while the phase lasts, else retire. */
    void next() {
      if (finished.get()) {
        return;
      }
      if (System.nanoTime() >= endNanos) {
        if (workersLeft.decrementAndGet() == 0) {
          finish();
        }
        return;
      }
      inFlight.incrementAndGet();
      client.send(outcome -> {
        inFlight.decrementAndGet();
        if (!finished.get()) {
          recorder.record(outcome, outcome.startNanos());
          next();
        }
      });
    }

    void giveUp() {
      if (finished.compareAndSet(false, true)) {
        recorder.unfinished(inFlight.get());
        result.complete(recorder.result(startNanos));
      }
    }

    private void finish() {
      if (finished.compareAndSet(false, true)) {
        result.complete(recorder.result(startNanos));
      }
    }
  }
}
