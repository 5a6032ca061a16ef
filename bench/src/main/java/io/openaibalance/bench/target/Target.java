package io.openaibalance.bench.target;

import io.openaibalance.bench.load.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One running thing the load is sent to, stopped by {@link #close()}. */
public interface Target extends AutoCloseable {

  String name();

  Endpoint endpoint();

  /** Processes whose CPU time is the target's cost (nginx: master and workers); none for direct. */
  List<Long> cpuProcesses();

  /** Processes whose peak resident sets add up to the target's (nginx: the workers). */
  List<Long> memoryProcesses();

  /** From process start to serving, for the targets whose start is worth timing. */
  Optional<Duration> startToReady();

  @Override
  void close();
}
