package io.openaibalance.bench.target;

import io.openaibalance.bench.load.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Baseline 1: the client talks to the mock itself, so nothing is in between to cost anything. */
public final class DirectLauncher implements TargetLauncher {
  private final MockUpstreamProcess mock;

  public DirectLauncher(MockUpstreamProcess mock) {
    this.mock = mock;
  }

  @Override
  public String name() {
    return "direct";
  }

  @Override
  public Target start(Path workDir, int upstreamKeys) {
    Endpoint endpoint = new Endpoint(MockUpstreamProcess.HOST, mock.port(), UpstreamKeys.FIRST);
    return new Target() {
      @Override
      public String name() {
        return "direct";
      }

      @Override
      public Endpoint endpoint() {
        return endpoint;
      }

      @Override
      public List<Long> cpuProcesses() {
        return List.of();
      }

      @Override
      public List<Long> memoryProcesses() {
        return List.of();
      }

      @Override
      public Optional<Duration> startToReady() {
        return Optional.empty();
      }

      @Override
      public void close() {
        // Nothing was started: the mock belongs to the run.
      }
    };
  }
}
