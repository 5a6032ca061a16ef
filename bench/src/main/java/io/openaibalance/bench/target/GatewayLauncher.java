package io.openaibalance.bench.target;

import io.openaibalance.bench.load.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The gateway jar, started in its own directory with a generated {@code .env}, as an operator
 * would run it. Ready when {@code GET /health} answers.
 */
public final class GatewayLauncher implements TargetLauncher {
  private static final String CLIENT_TOKEN = "bench-client-token";
  /** Ten thousand keys written to a database take a while; a stuck start still ends. */
  private static final Duration READY_LIMIT = Duration.ofMinutes(3);

  private final Path jar;
  private final JavaCommand java;
  private final MockUpstreamProcess mock;
  private final GatewayVariant variant;

  public GatewayLauncher(Path jar, JavaCommand java, MockUpstreamProcess mock,
      GatewayVariant variant) {
    this.jar = jar;
    this.java = java;
    this.mock = mock;
    this.variant = variant;
  }

  @Override
  public String name() {
    return variant.targetName();
  }

  @Override
  public boolean isGateway() {
    return true;
  }

  @Override
  public Target start(Path workDir, int upstreamKeys) {
    int port = FreePort.pick();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOST", MockUpstreamProcess.HOST);
    env.put("PORT", Integer.toString(port));
    env.put("BASE_URL", mock.baseUrl());
    env.put("API_KEYS", UpstreamKeys.list(upstreamKeys));
    env.put("ALLOWED_TOKENS", CLIENT_TOKEN);
    env.putAll(variant.variables());
    writeDotEnv(workDir.resolve(".env"), env);
    // The harness's own environment would win over .env: the gateway must see the file only.
    Set<String> unset = new HashSet<>(env.keySet());
    unset.add("ENV_FILE");
    ChildProcess child = ChildProcess.start(name(), java.jar(jar, List.of()), workDir, Map.of(),
        unset, workDir.resolve("gateway.log"));
    try {
      Duration ready = Readiness.awaitHealthy(child,
          URI.create("http://" + MockUpstreamProcess.HOST + ":" + port + "/health"), READY_LIMIT);
      return new GatewayTarget(name(), child, ready,
          new Endpoint(MockUpstreamProcess.HOST, port, CLIENT_TOKEN));
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
  }

  private static void writeDotEnv(Path file, Map<String, String> env) {
    String text = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("\n", "", "\n"));
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private record GatewayTarget(String name, ChildProcess child, Duration ready,
      Endpoint endpoint) implements Target {

    @Override
    public List<Long> cpuProcesses() {
      return List.of(child.pid());
    }

    @Override
    public List<Long> memoryProcesses() {
      return List.of(child.pid());
    }

    @Override
    public Optional<Duration> startToReady() {
      return Optional.of(ready);
    }

    @Override
    public void close() {
      child.close();
    }
  }
}
