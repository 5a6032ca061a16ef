package io.openaibalance.mock;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.util.Arrays;

/**
 * Runs the mock as a process, e.g. as the benchmark's upstream:
 *
 * <pre>
 * java -jar mock-upstream-all.jar [--host 127.0.0.1] [--port 9100] [--models a,b,c] [--servers 1]
 * </pre>
 *
 * {@code --port 0} picks a free port; {@code --servers N} shares the port between N event loops.
 * Prints {@code mock-upstream listening on http://HOST:PORT/v1} once listening. Requests are not
 * recorded, since nothing can read them and a long run would only grow the heap.
 */
public final class MockUpstreamMain {
  private static final String USAGE =
      "usage: mock-upstream [--host HOST] [--port PORT] [--models a,b,c] [--servers N]";

  private MockUpstreamMain() { }

  public static void main(String[] args) {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    MockUpstream mock;
    try {
      mock = MockUpstream.start(vertx, arguments.options(), arguments.binding(),
          Clock.systemUTC());
    } catch (IllegalStateException e) {
      System.err.println("mock-upstream could not listen on " + arguments.binding().host() + ":"
          + arguments.binding().port() + ": " + e.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      mock.close();
      vertx.close();
    }, "mock-upstream-shutdown"));
    System.out.println("mock-upstream listening on " + mock.baseUrl());
    System.out.flush();
  }

  /** Command-line arguments, validated. */
  record Arguments(MockOptions options, Binding binding) {
    static Arguments parse(String[] args) {
      String host = "127.0.0.1";
      int port = 9100;
      int servers = 1;
      MockOptions options = MockOptions.defaults();
      if (args.length % 2 != 0) {
        throw new IllegalArgumentException(
            "options come in pairs, got " + Arrays.toString(args));
      }
      for (int i = 0; i < args.length; i += 2) {
        String value = args[i + 1];
        switch (args[i]) {
          case "--host" -> host = value;
          case "--port" -> port = number("--port", value);
          case "--servers" -> servers = number("--servers", value);
          case "--models" -> options = options.withModels(
              Arrays.stream(value.split(",")).map(String::trim).filter(m -> !m.isEmpty())
                  .toList());
          default -> throw new IllegalArgumentException(
              "unknown option " + args[i] + " (expected --host, --port, --models, --servers)");
        }
      }
      return new Arguments(options, new Binding(host, port, servers, false));
    }

    private static int number(String option, String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + ": '" + value + "' (expected an integer)", e);
      }
    }
  }
}
