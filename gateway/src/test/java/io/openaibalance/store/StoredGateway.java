package io.openaibalance.store;

import io.openaibalance.Gateway;
import io.openaibalance.MutableClock;
import io.openaibalance.config.Settings;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.mock.MockUpstream;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A gateway over a real database the way {@code Main} wires it: the {@code .env} file in a
 * directory, the admin layer read from the store, key state restored and written behind. {@link
 * #restart()} closes everything but the database and opens it again, as a new process would.
 */
final class StoredGateway implements AutoCloseable {
  static final String CLIENT_TOKEN = "tok-client-secret-0001";
  final Vertx vertx = Vertx.vertx();
  final MockUpstream upstream = MockUpstream.start(vertx);
  final MutableClock clock = new MutableClock(Instant.now());
  private final HttpClient http = HttpClient.newHttpClient();
  private final TestDatabases.Fresh database;
  private final Path dir;
  private final Map<String, String> environment = new HashMap<>();
  Persistence persistence;
  SettingsLoader loader;
  Gateway gateway;

  StoredGateway(Dialect dialect, Path dir) throws Exception {
    this.dir = dir;
    this.database = TestDatabases.create(dialect, dir);
    environment.putAll(Map.of("HOST", "127.0.0.1", "PORT", "0", "ALLOWED_TOKENS", CLIENT_TOKEN));
  }

  /** Writes {@code .env}; {@code {upstream}} becomes the mock's base URL. */
  StoredGateway dotEnv(String content) throws Exception {
    Files.writeString(dir.resolve(".env"), content.replace("{upstream}", upstream.baseUrl()));
    return this;
  }

  StoredGateway start() throws Exception {
    persistence = Persistence.open(database.config(), TestDatabases.BOX, clock);
    loader = new SettingsLoader(dir, environment, persistence::adminLayer);
    gateway = Gateway.start(vertx, loader.load(), clock, persistence.keyStates(),
        persistence.requestRecorder()).await();
    return this;
  }

  /** What the {@code .env} watcher or an admin save does: build and apply a new snapshot. */
  Settings reload() {
    Settings settings = loader.load();
    gateway.apply(settings);
    return settings;
  }

  void restart() throws Exception {
    stop();
    start();
  }

  /** Waits until every key-state change so far is in the database. */
  void flush() {
    persistence.keyStateWriter().orElseThrow().flush();
  }

  int chat(String route, String model) throws Exception {
    return chatAnswer(route, "{\"model\":\"" + model + "\",\"messages\":[]}").statusCode();
  }

  /** The whole answer to a chat request with {@code body}. */
  HttpResponse<String> chatAnswer(String route, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + route + "/chat/completions"))
            .header("Authorization", "Bearer " + CLIENT_TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  PooledKey key(String provider, String prefix) {
    return gateway.snapshot().providers().byName(provider).orElseThrow().keys().keys().stream()
        .filter(k -> k.secret().reveal().startsWith(prefix)).findFirst().orElseThrow();
  }

  DatabaseConfig databaseConfig() {
    return database.config();
  }

  private void stop() {
    if (gateway != null) {
      gateway.close().await();
      gateway = null;
    }
    if (persistence != null) {
      persistence.close();
      persistence = null;
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    upstream.close();
    vertx.close().await();
    database.drop().close();
  }
}
