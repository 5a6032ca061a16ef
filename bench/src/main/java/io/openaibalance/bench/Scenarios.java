package io.openaibalance.bench;

import io.openaibalance.bench.Scenario.Load;
import io.openaibalance.bench.load.RequestShape;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The scenario catalogue, in the order a full run measures them. */
final class Scenarios {
  /** What start.sh-style operators configure; the many-keys run changes only this. */
  static final int USUAL_KEYS = 3;
  private static final RequestShape CHAT = new RequestShape("gpt-4o-mini", false);
  private static final RequestShape SHORT_STREAMS =
      new RequestShape("gpt-4o-mini:chunks=20:interval-ms=10", true);
  /** 100 chunks 100 ms apart: each stream is held about ten seconds. */
  private static final RequestShape HELD_STREAMS =
      new RequestShape("gpt-4o-mini:chunks=100:interval-ms=100", true);
  // Ten seconds of warm-up lets the JIT compile the hot paths, so the measured CPU time is the
  // steady state's and not the compiler's.
  private static final Duration WARMUP = Duration.ofSeconds(10);
  private static final Duration MEASURE = Duration.ofSeconds(20);

  static final List<Scenario> ALL = List.of(
      new Scenario("rate-300", Load.OPEN_LOOP, 300, CHAT, WARMUP, MEASURE, USUAL_KEYS,
          Optional.empty()),
      new Scenario("rate-1000", Load.OPEN_LOOP, 1000, CHAT, WARMUP, MEASURE, USUAL_KEYS,
          Optional.empty()),
      new Scenario("saturate-64", Load.CLOSED_LOOP, 64, CHAT, WARMUP, MEASURE, USUAL_KEYS,
          Optional.empty()),
      new Scenario("streams-200", Load.CLOSED_LOOP, 200, SHORT_STREAMS, WARMUP, MEASURE,
          USUAL_KEYS, Optional.empty()),
      // A one-second warm-up already starts all 2,000 streams, and waits the ten seconds they
      // run; the measured ten seconds start each connection's stream once more.
      new Scenario("held-2000", Load.CLOSED_LOOP, 2000, HELD_STREAMS, Duration.ofSeconds(1),
          Duration.ofSeconds(10), USUAL_KEYS, Optional.empty()),
      new Scenario("saturate-64-10k-keys", Load.CLOSED_LOOP, 64, CHAT, WARMUP, MEASURE, 10_000,
          Optional.of("saturate-64")));

  /**
   * Load sent straight to the mock before the first scenario, not recorded: the mock and the
   * driver are JIT-compiled once for the whole run instead of during the first target's phase.
   */
  static final List<Scenario> LOAD_SIDE_WARMUP = List.of(
      new Scenario("load-side-warm-up", Load.CLOSED_LOOP, 64, CHAT, Duration.ZERO,
          Duration.ofSeconds(8), 1, Optional.empty()),
      new Scenario("load-side-warm-up-streams", Load.CLOSED_LOOP, 200, SHORT_STREAMS,
          Duration.ZERO, Duration.ofSeconds(4), 1, Optional.empty()));

  private Scenarios() { }

  static List<String> names() {
    return ALL.stream().map(Scenario::name).toList();
  }

  /**
   * The named scenarios in catalogue order.
   *
   * @throws IllegalArgumentException naming an unknown scenario
   */
  static List<Scenario> select(List<String> names) {
    for (String name : names) {
      if (ALL.stream().noneMatch(s -> s.name().equals(name))) {
        throw new IllegalArgumentException("--scenarios: unknown scenario '" + name
            + "' (expected some of " + String.join(",", names()) + ")");
      }
    }
    return ALL.stream().filter(s -> names.contains(s.name())).collect(Collectors.toList());
  }
}
