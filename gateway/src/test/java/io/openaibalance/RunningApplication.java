package io.openaibalance;

import io.openaibalance.config.SettingsLoader;
import io.openaibalance.mock.MockUpstream;
import io.openaibalance.store.Persistence;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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

  HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + app.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    if (app != null) {
      app.close().await();
    }
    upstream.close();
    vertx.close().await();
  }
}
