package io.openaibalance;

import io.openaibalance.config.SettingsLoader;
import io.openaibalance.mock.MockUpstream;
import io.openaibalance.store.Persistence;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The whole process as {@code Main} wires it ({@link Application}: gateway, {@code .env} watcher,
 * jobs, admin routes), over a real mock upstream and a given store, for tests of what only the
 * assembled application does.
 */
final class RunningApplication implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final MockUpstream upstream = MockUpstream.start(vertx);
  private final HttpClient http = HttpClient.newHttpClient();
  private Application app;
  private Persistence owned;

  /**
   * Starts on a fresh SQLite database of its own (closed with this), the usual case of the admin
   * tests; {@code configure} sets up the mock before the start.
   */
  static RunningApplication onSqlite(Path dir, String dotEnv,
      java.util.function.Consumer<MockUpstream> configure) throws Exception {
    RunningApplication running = new RunningApplication();
    try {
      running.owned = Persistence.open(
          io.openaibalance.store.TestDatabases.create(io.openaibalance.store.Dialect.SQLITE, dir)
              .config(), io.openaibalance.store.TestDatabases.BOX, Clock.systemUTC());
      configure.accept(running.upstream);
      return running.start(dir, dotEnv, running.owned, Clock.systemUTC());
    } catch (Exception | Error e) {
      running.close();
      throw e;
    }
  }

  static RunningApplication onSqlite(Path dir, String dotEnv) throws Exception {
    return onSqlite(dir, dotEnv, upstream -> { });
  }

  /**
   * Writes {@code dotEnv} ({@code {upstream}} becomes the mock's base URL, and {@code HOST},
   * {@code PORT} and {@code ALLOWED_TOKENS=t-1} are added) and starts the application on it.
   */
  RunningApplication start(Path dir, String dotEnv, Persistence persistence, Clock clock) {
    try {
      Files.writeString(dir.resolve(".env"), dotEnv.replace("{upstream}", upstream.baseUrl())
          + "\nHOST=127.0.0.1\nPORT=0\nALLOWED_TOKENS=t-1\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SettingsLoader loader = new SettingsLoader(dir, Map.of(), persistence::adminLayer);
    app = Application.start(vertx, loader, loader.load(), clock, persistence).await();
    return this;
  }

  Application app() {
    return app;
  }

  /** A chat request with the client token. */
  int chat() throws Exception {
    return send("POST", "/v1/chat/completions", "t-1", "{\"model\":\"m\",\"messages\":[]}")
        .statusCode();
  }

  HttpResponse<String> send(String method, String path, String token, String body) {
    return TestHttp.send(http,
        TestHttp.json("http://127.0.0.1:" + app.port() + path, method, token, body));
  }

  @Override
  public void close() {
    if (app != null) {
      app.close().await();
    }
    upstream.close();
    vertx.close().await();
    if (owned != null) {
      owned.close();
    }
  }
}
