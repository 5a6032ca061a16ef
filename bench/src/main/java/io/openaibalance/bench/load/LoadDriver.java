package io.openaibalance.bench.load;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Offers load to one target in phases: a warm-up, then the measured phase. */
public interface LoadDriver {
  /**
   * Runs one phase of {@code duration}: requests start only within it, and the phase ends when
   * they have all ended (or the drain limit counted the rest as unfinished).
   */
  CompletableFuture<PhaseResult> run(Duration duration);
}
