package io.openaibalance.bench;

import io.openaibalance.bench.load.ClosedLoopDriver;
import io.openaibalance.bench.load.LoadClient;
import io.openaibalance.bench.load.LoadDriver;
import io.openaibalance.bench.load.OpenLoopDriver;
import io.openaibalance.bench.load.RequestShape;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One load to offer every target: its kind and level, the request, how long to warm up and to
 * measure, and how many upstream keys the gateway pools.
 *
 * @param level requests per second for an open loop, connections for a closed one
 * @param baselinesFrom a scenario whose direct and nginx results serve here, so they need not
 *     run again (the gateway's key count changes nothing for them)
 */
record Scenario(String name, Load load, int level, RequestShape shape, Duration warmup,
    Duration measure, int gatewayKeys, Optional<String> baselinesFrom) {
  /** Longest wait for requests still running when a phase ends; the rest count as errors. */
  static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
  /** Connections an open loop may hold; a target slower than that makes requests queue. */
  private static final int OPEN_LOOP_CONNECTIONS = 1024;

  enum Load { OPEN_LOOP, CLOSED_LOOP }

  Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(load, "load");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(baselinesFrom, "baselinesFrom");
    if (level < 1) {
      throw new IllegalArgumentException(name + ": level " + level + " (expected >= 1)");
    }
    if (gatewayKeys < 1) {
      throw new IllegalArgumentException(name + ": gatewayKeys " + gatewayKeys
          + " (expected >= 1)");
    }
  }

  /** The same scenario with warm-up and measurement {@code factor} times as long. */
  Scenario scaled(double factor) {
    return new Scenario(name, load, level, shape, scale(warmup, factor), scale(measure, factor),
        gatewayKeys, baselinesFrom);
  }

  LoadDriver driver(Vertx vertx, LoadClient client, int eventLoops) {
    return switch (load) {
      case OPEN_LOOP -> new OpenLoopDriver(vertx, client, level, DRAIN_LIMIT);
      case CLOSED_LOOP -> new ClosedLoopDriver(vertx, client, level, eventLoops, DRAIN_LIMIT);
    };
  }

  int connections() {
    return load == Load.OPEN_LOOP ? OPEN_LOOP_CONNECTIONS : level;
  }

  String description() {
    String offered = load == Load.OPEN_LOOP ? "open loop " + level + " req/s"
        : "closed loop, concurrency " + level;
    return String.format(Locale.ROOT, "%s, %s%s, model %s, warm-up %.1f s, measured %.1f s%s",
        offered, shape.stream() ? "streaming" : "non-streaming",
        gatewayKeys > 3 ? ", " + gatewayKeys + " gateway keys" : "", shape.model(),
        warmup.toMillis() / 1000.0, measure.toMillis() / 1000.0,
        baselinesFrom.map(b -> ", baselines from " + b).orElse(""));
  }

  private static Duration scale(Duration duration, double factor) {
    return Duration.ofMillis(Math.round(duration.toMillis() * factor));
  }
}
