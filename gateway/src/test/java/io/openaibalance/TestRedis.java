package io.openaibalance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Redis for cluster tests: the machine's server with a key prefix of the test's own (keys and
 * channels of other tests never meet it), or a {@code redis-server} process of the test's own
 * that the test may stop and start again. Missing Redis skips loudly on a laptop and fails where
 * {@code OPENAI_BALANCE_REQUIRE_SERVICES=true} (CI), as {@code TestDatabases} does.
 */
public final class TestRedis {
  private static final boolean REQUIRED =
      "true".equalsIgnoreCase(System.getenv("OPENAI_BALANCE_REQUIRE_SERVICES"));
  private static final int SHARED_PORT = 6379;

  private TestRedis() {}

  /** The machine's Redis, for tests that do not stop it. */
  public static String sharedUrl() {
    if (!answers(SHARED_PORT)) {
      unavailable("*** Redis is not running on 127.0.0.1:" + SHARED_PORT
          + ": cluster tests cannot run ***");
    }
    return "redis://127.0.0.1:" + SHARED_PORT;
  }

  /** A prefix no other test uses. */
  public static String uniquePrefix() {
    return "ob-test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Deletes what a test left under {@code prefix} in the machine's Redis. */
  public static void forget(String prefix) throws IOException {
    String[] command = {"DEL", prefix + ":key-state", prefix + ":job-lease"};
    StringBuilder resp = new StringBuilder("*" + command.length + "\r\n");
    for (String part : command) {
      resp.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
          .append(part).append("\r\n");
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", SHARED_PORT), 1000);
      socket.setSoTimeout(1000);
      socket.getOutputStream().write(resp.toString().getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      socket.getInputStream().read();
    }
  }

  /** A {@code redis-server} of the test's own on a free port, without persistence. */
  public static Own startOwn(Path dir) throws Exception {
    Path binary = List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"))
        .stream().filter(Files::isExecutable).findFirst().orElse(null);
    if (binary == null) {
      unavailable("*** redis-server is not installed: the Redis outage test cannot run ***");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Own own = new Own(binary, port, dir);
    own.start();
    return own;
  }

  /** A Redis process the test stops and starts on the same port. */
  public static final class Own implements AutoCloseable {
    private final Path binary;
    private final int port;
    private final Path dir;
    private Process process;

    private Own(Path binary, int port, Path dir) {
      this.binary = binary;
      this.port = port;
      this.dir = dir;
    }

    public String url() {
      return "redis://127.0.0.1:" + port;
    }

    /** Starts it (again, empty) and waits until it answers. */
    public void start() throws Exception {
      process = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port),
          "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
      Await.until("redis-server on port " + port, Duration.ofSeconds(10), () -> answers(port));
    }

    /** Kills it, as a crash would, and waits until the port is closed. */
    public void kill() throws Exception {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      Await.until("redis-server on port " + port + " to stop", Duration.ofSeconds(10),
          () -> !answers(port));
    }

    @Override
    public void close() throws Exception {
      if (process != null && process.isAlive()) {
        kill();
      }
    }
  }

  /** Whether a Redis answers PING on the port. */
  static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[5];
      return in.readNBytes(reply, 0, 5) == 5
          && new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static void unavailable(String message) {
    System.err.println(message);
    if (REQUIRED) {
      throw new AssertionError(message + " (OPENAI_BALANCE_REQUIRE_SERVICES=true)");
    }
    Assumptions.abort(message);
  }
}
