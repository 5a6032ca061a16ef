package io.openaibalance.egress;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Real proxy servers of the machine, started as child processes on free loopback ports with their
 * config and log files in a test's temporary folder: tinyproxy for HTTP (with and without Basic
 * credentials), Dante for SOCKS5 without credentials and MicroSocks for SOCKS5 with a password.
 *
 * <p>Why two SOCKS5 servers: Dante checks SOCKS5 passwords only against system accounts (or PAM),
 * so a password proxy would mean a test adding a user to the machine's passwd and shadow files,
 * and could not run without root. MicroSocks takes the user and password on its command line.
 * Having two SOCKS5 implementations also means the client is tried against both.
 *
 * <p>A missing binary aborts the test loudly, or fails it where {@code
 * OPENAI_BALANCE_REQUIRE_SERVICES=true} (CI), as the database tests do.
 */
public final class ProxyServers {
  static final String USER = "ob-proxy-user";
  /** tinyproxy's config accepts only letters, digits and {@code ._-} in a password. */
  static final String HTTP_PASSWORD = "tiny.Pass-word_1";
  /** Needs percent-encoding in a proxy URL, so credentials decoding is exercised end to end. */
  static final String SOCKS_PASSWORD = "p@ss:w/rd %1";

  private static final boolean REQUIRED =
      "true".equalsIgnoreCase(System.getenv("OPENAI_BALANCE_REQUIRE_SERVICES"));
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private ProxyServers() {}

  public static Server httpProxy(Path dir) {
    return start("tinyproxy", "tinyproxy-bin", dir, "http", null,
        s -> tinyproxy(s, ""));
  }

  static Server httpProxyWithBasicAuth(Path dir) {
    return start("tinyproxy", "tinyproxy-bin", dir, "http", HTTP_PASSWORD,
        s -> tinyproxy(s, "BasicAuth " + USER + " " + HTTP_PASSWORD + "\n"));
  }

  static Server socks5Proxy(Path dir) {
    return start("danted", "dante-server", dir, "socks5", null, ProxyServers::dante);
  }

  static Server socks5ProxyWithPassword(Path dir) {
    return start("microsocks", "microsocks", dir, "socks5h", SOCKS_PASSWORD,
        s -> List.of(s.binary.toString(), "-i", "127.0.0.1", "-p", String.valueOf(s.port),
            "-u", USER, "-P", SOCKS_PASSWORD));
  }

  private static List<String> tinyproxy(Server server, String extra) {
    Path config = server.dir.resolve("tinyproxy.conf");
    write(config, "Port " + server.port + "\nListen 127.0.0.1\nTimeout 60\nMaxClients 200\n"
        + "Allow 127.0.0.1\nLogLevel Connect\nLogFile \"" + server.log + "\"\n" + extra);
    return List.of(server.binary.toString(), "-d", "-c", config.toString());
  }

  private static List<String> dante(Server server) {
    Path config = server.dir.resolve("danted.conf");
    // No user.* lines: Dante then runs as whoever runs the tests (it only warns when that is
    // root), so the same file works with and without root.
    write(config, "logoutput: " + server.log + "\ninternal: 127.0.0.1 port = " + server.port
        + "\nexternal: 127.0.0.1\nclientmethod: none\nsocksmethod: none\n"
        + "client pass {\n  from: 127.0.0.0/8 to: 0.0.0.0/0\n  log: error\n}\n"
        + "socks pass {\n  from: 127.0.0.0/8 to: 0.0.0.0/0\n  command: connect\n"
        + "  log: connect disconnect error\n}\n");
    return List.of(server.binary.toString(), "-f", config.toString(), "-N", "1",
        "-p", server.dir.resolve("danted.pid").toString());
  }

  private static Server start(String binary, String debianPackage, Path parent, String scheme,
      String password, Function<Server, List<String>> command) {
    Path executable = find(binary).orElseGet(() -> missing(binary, debianPackage));
    Path dir;
    try {
      dir = Files.createTempDirectory(parent, binary + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Server server = new Server(executable, dir, scheme, password, command);
    server.startOnAFreePort();
    return server;
  }

  private static Optional<Path> find(String binary) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Stream.of(path.split(File.pathSeparator)),
            Stream.of("/usr/sbin", "/usr/local/sbin", "/usr/bin"))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, binary))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static Path missing(String binary, String debianPackage) {
    String message = "*** " + binary + " is not installed (apt-get install " + debianPackage
        + "): its proxy tests cannot run ***";
    System.err.println(message);
    if (REQUIRED) {
      throw new AssertionError(message + " (OPENAI_BALANCE_REQUIRE_SERVICES=true)");
    }
    return Assumptions.abort(message);
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One proxy process; stoppable and restartable on the same port, so its address stays valid. */
  public static final class Server implements AutoCloseable {
    private final Path binary;
    private final Path dir;
    private final Path log;
    private final Path output;
    private final String scheme;
    private final String password;
    private final Function<Server, List<String>> command;
    private int port;
    private Process process;

    private Server(Path binary, Path dir, String scheme, String password,
        Function<Server, List<String>> command) {
      this.binary = binary;
      this.dir = dir;
      this.log = dir.resolve("proxy.log");
      this.output = dir.resolve("output.log");
      this.scheme = scheme;
      this.password = password;
      this.command = command;
    }

    /** The proxy's URL with the right credentials, if it wants any. */
    public ProxyAddress address() {
      return password == null ? addressWith(null, null) : addressWith(USER, password);
    }

    /** The proxy's URL with the given credentials ({@code null} for none). */
    ProxyAddress addressWith(String user, String pass) {
      return ProxyAddress.parse(urlWith(user, pass));
    }

    /** The proxy's URL in clear, credentials included, as a user writes it in {@code PROXIES}. */
    public String url() {
      return password == null ? urlWith(null, null) : urlWith(USER, password);
    }

    private String urlWith(String user, String pass) {
      String credentials = user == null ? "" : encode(user) + ":" + encode(pass) + "@";
      return scheme + "://" + credentials + "127.0.0.1:" + port;
    }

    int port() {
      return port;
    }

    /** Everything the proxy logged so far: its log file and its standard output and error. */
    String log() {
      return read(log) + read(output);
    }

    boolean running() {
      return process != null && process.isAlive();
    }

    /** Starts the proxy again on its port after {@link #stop()} or {@link #kill()}. */
    void start() {
      if (running()) {
        throw new IllegalStateException(binary.getFileName() + " is already running");
      }
      launch();
      awaitListening();
    }

    /** Ends the proxy as an operator would (SIGTERM); returns once it and its children are gone. */
    void stop() {
      end(false);
    }

    /** Ends the proxy and its children abruptly (SIGKILL), open connections and all, as a crash. */
    void kill() {
      end(true);
    }

    @Override
    public void close() {
      if (process != null) {
        end(true);
      }
    }

    // Another process may take a port between our probe and the proxy's bind; then try another.
    private void startOnAFreePort() {
      for (int attempt = 1; ; attempt++) {
        port = freePort();
        launch();
        try {
          awaitListening();
          return;
        } catch (IllegalStateException e) {
          end(true);
          if (attempt == 3) {
            throw e;
          }
        }
      }
    }

    private void launch() {
      try {
        process = new ProcessBuilder(command.apply(this))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start " + binary, e);
      }
    }

    private void awaitListening() {
      Instant deadline = Instant.now().plus(READY_TIMEOUT);
      while (Instant.now().isBefore(deadline)) {
        if (accepts(port)) {
          return;
        }
        try {
          // Waiting on the process rather than sleeping: an early exit ends the wait at once.
          if (process.waitFor(25, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(binary.getFileName() + " exited with "
                + process.exitValue() + " before listening on port " + port + ":\n" + log());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while starting " + binary, e);
        }
      }
      throw new IllegalStateException(binary.getFileName() + " did not listen on port " + port
          + " within " + READY_TIMEOUT + ":\n" + log());
    }

    private void end(boolean forcibly) {
      // Children first listed, then signalled: once the parent is gone they are no longer its
      // descendants, and Dante's children hold the listening socket and open connections too.
      List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
      all.add(process.toHandle());
      all.forEach(forcibly ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
      Instant deadline = Instant.now().plus(STOP_TIMEOUT);
      while (all.stream().anyMatch(ProxyServers::running)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(binary.getFileName() + " still runs " + STOP_TIMEOUT
              + " after being told to stop");
        }
        if (Instant.now().isAfter(deadline.minus(STOP_TIMEOUT.dividedBy(2)))) {
          all.forEach(ProcessHandle::destroyForcibly); // SIGTERM was not enough.
        }
        pause();
      }
      // Reaped too, so Process.isAlive() agrees that it is gone before anyone restarts it.
      try {
        process.waitFor(STOP_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String toString() {
      return binary.getFileName() + " on " + address();
    }
  }

  /**
   * Whether the process still runs. A zombie does not: it holds no sockets any more. Dante's
   * orphaned children stay zombies until the machine's init reaps them, which on some machines
   * takes over a second, and {@link ProcessHandle#isAlive()} counts them as alive until then.
   */
  private static boolean running(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(handle.pid()), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return handle.isAlive(); // Gone meanwhile, or not Linux.
    }
  }

  // ProcessHandle.onExit checks on grandchildren only about once a second; polling every few
  // milliseconds keeps a kill-and-restart in a test fast.
  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping a proxy", e);
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
