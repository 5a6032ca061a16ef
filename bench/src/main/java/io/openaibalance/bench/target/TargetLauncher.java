package io.openaibalance.bench.target;

import java.nio.file.Path;
import java.util.Optional;

/** Starts a fresh target for each scenario, so each one's peak memory is its own. */
public interface TargetLauncher {

  String name();

  /** Why this target cannot run on this machine (nginx not installed), or empty. */
  default Optional<String> unavailable() {
    return Optional.empty();
  }

  /** True for targets that stand for the thing measured rather than a baseline. */
  default boolean isGateway() {
    return false;
  }

  /**
   * @param workDir a fresh directory for this target's files and log
   * @param upstreamKeys how many upstream keys the target holds (only the gateway pools keys)
   */
  Target start(Path workDir, int upstreamKeys);
}
