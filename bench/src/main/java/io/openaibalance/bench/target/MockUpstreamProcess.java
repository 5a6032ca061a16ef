package io.openaibalance.bench.target;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The mock upstream every target sends to, one process for the whole run. */
public final class MockUpstreamProcess implements AutoCloseable {
  public static final String HOST = "127.0.0.1";

  private final ChildProcess child;
  private final int port;

  private MockUpstreamProcess(ChildProcess child, int port) {
    this.child = child;
    this.port = port;
  }

  /** @param servers event loops sharing the mock's port */
  public static MockUpstreamProcess start(Path jar, JavaCommand java, int servers, Path workDir) {
    int port = FreePort.pick();
    ChildProcess child = ChildProcess.start("mock upstream",
        java.jar(jar, List.of("--host", HOST, "--port", Integer.toString(port),
            "--servers", Integer.toString(servers))),
        workDir, Map.of(), Set.of(), workDir.resolve("mock-upstream.log"));
    try {
      Readiness.awaitListening(child, HOST, port, Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
    return new MockUpstreamProcess(child, port);
  }

  public int port() {
    return port;
  }

  public long pid() {
    return child.pid();
  }

  /** The OpenAI-style base URL, ending in {@code /v1}. */
  public String baseUrl() {
    return "http://" + HOST + ":" + port + "/v1";
  }

  @Override
  public void close() {
    child.close();
  }
}
