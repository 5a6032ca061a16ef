package io.openaibalance.bench.target;

import io.openaibalance.bench.load.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Baseline 2: Debian's nginx in front of the mock, the cost of a plain, well-made proxy. */
public final class NginxLauncher implements TargetLauncher {
  private static final List<Path> USUAL_PLACES = List.of(Path.of("/usr/sbin/nginx"),
      Path.of("/usr/local/sbin/nginx"), Path.of("/usr/local/nginx/sbin/nginx"));
  /** A client token nginx ignores: it overwrites Authorization with the upstream key. */
  private static final String CLIENT_TOKEN = "bench-nginx-client";

  private final Optional<Path> binary;
  private final MockUpstreamProcess mock;
  private final int workers;

  public NginxLauncher(MockUpstreamProcess mock, int workers) {
    this.mock = mock;
    this.workers = workers;
    this.binary = find();
  }

  /** The nginx binary on PATH or in the usual places, if installed. */
  public static Optional<Path> find() {
    Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, "nginx"));
    return Stream.concat(onPath, USUAL_PLACES.stream()).filter(Files::isExecutable).findFirst();
  }

  @Override
  public String name() {
    return "nginx";
  }

  @Override
  public Optional<String> unavailable() {
    return binary.isPresent() ? Optional.empty()
        : Optional.of("nginx not installed (apt-get install -y nginx-light)");
  }

  @Override
  public Target start(Path workDir, int upstreamKeys) {
    Path nginx = binary.orElseThrow(() -> new IllegalStateException(unavailable().orElseThrow()));
    int port = FreePort.pick();
    try {
      Files.createDirectories(workDir.resolve("tmp"));
      Files.writeString(workDir.resolve("nginx.conf"),
          new NginxConfig(workers, port, mock.port(), UpstreamKeys.FIRST).render());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the nginx configuration in " + workDir, e);
    }
    String prefix = workDir.toAbsolutePath() + "/";
    ChildProcess master = ChildProcess.start("nginx", List.of(nginx.toString(), "-p", prefix,
            "-e", prefix + "error.log", "-c", "nginx.conf", "-g", "daemon off;"),
        workDir, Map.of(), Set.of(), workDir.resolve("nginx.out"));
    try {
      Readiness.awaitListening(master, MockUpstreamProcess.HOST, port, Duration.ofSeconds(30));
      List<Long> workerPids = awaitWorkers(master);
      return new NginxTarget(master, workerPids,
          new Endpoint(MockUpstreamProcess.HOST, port, CLIENT_TOKEN));
    } catch (RuntimeException e) {
      master.close();
      throw e;
    }
  }

  /** The master listens before it forks its workers; the workers are what serves. */
  private List<Long> awaitWorkers(ChildProcess master) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      List<Long> pids = ProcessHandle.of(master.pid()).stream()
          .flatMap(ProcessHandle::children).map(ProcessHandle::pid).toList();
      if (pids.size() >= workers) {
        return pids;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the nginx workers", e);
      }
    }
    throw new IllegalStateException("nginx did not start " + workers + " workers:\n"
        + master.logTail());
  }

  private record NginxTarget(ChildProcess master, List<Long> workers, Endpoint endpoint)
      implements Target {

    @Override
    public String name() {
      return "nginx";
    }

    @Override
    public List<Long> cpuProcesses() {
      return Stream.concat(Stream.of(master.pid()), workers.stream()).toList();
    }

    @Override
    public List<Long> memoryProcesses() {
      return workers;
    }

    @Override
    public Optional<Duration> startToReady() {
      return Optional.empty();
    }

    @Override
    public void close() {
      master.close();
    }
  }
}
