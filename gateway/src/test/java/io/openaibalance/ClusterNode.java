package io.openaibalance;

import io.openaibalance.config.SettingsLoader;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.mock.MockUpstream;
import io.openaibalance.mock.RecordedRequest;
import io.openaibalance.store.Dialect;
import io.openaibalance.store.Persistence;
import io.openaibalance.store.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One gateway instance of a test cluster, wired as {@code Main} wires it ({@link Application}),
 * with a mock upstream of its own (so a test sees which instance sent what), its own {@code .env}
 * naming the shared Redis, and the shared database.
 */
final class ClusterNode implements AutoCloseable {
  static final String ADMIN_TOKEN = "admin-token-for-cluster-tests-0001";
  final Vertx vertx = Vertx.vertx();
  final MockUpstream upstream = MockUpstream.start(vertx);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .build();
  private final Persistence persistence;
  private final Application app;

  /**
   * @param dotEnv this instance's {@code .env} lines besides the cluster, database, listener and
   *     token ones the fixture writes
   */
  ClusterNode(Path dir, TestDatabases.Fresh database, String redisUrl, String prefix,
      String dotEnv) throws Exception {
    Files.createDirectories(dir);
    String type = database.config().dialect() == Dialect.POSTGRES ? "postgres" : "mysql";
    Files.writeString(dir.resolve(".env"), dotEnv + "\nBASE_URL=" + upstream.baseUrl()
        + "\nHOST=127.0.0.1\nPORT=0\nALLOWED_TOKENS=t-1\nAUTH_TOKEN=" + ADMIN_TOKEN
        + "\nENCRYPTION_KEY=test-encryption-passphrase\nDATABASE_TYPE=" + type + "\nREDIS_URL=" + redisUrl + "\nREDIS_KEY_PREFIX=" + prefix
        + "\n");
    Clock clock = Clock.systemUTC();
    persistence = Persistence.open(database.config(), TestDatabases.BOX, clock);
    SettingsLoader loader = new SettingsLoader(dir, Map.of(), persistence::adminLayer);
    app = Application.start(vertx, loader, loader.load(), clock, persistence).await();
  }

  Application app() {
    return app;
  }

  /** A chat request with the client token; its status. */
  int chat() throws Exception {
    return send("POST", "/v1/chat/completions", "t-1", "{\"model\":\"m\",\"messages\":[]}")
        .statusCode();
  }

  /** Chats until this instance's upstream has seen {@code key} {@code times} times in all. */
  void chatUntilSeen(String key, int times) throws Exception {
    for (int i = 0; i < 50 && seen(key) < times; i++) {
      if (chat() != 200) {
        throw new AssertionError("a chat request failed through " + this);
      }
    }
    if (seen(key) < times) {
      throw new AssertionError(key + " was not used " + times + " times");
    }
  }

  /** Requests this instance's upstream received with {@code key}. */
  long seen(String key) {
    return keysSeen().stream().filter(key::equals).count();
  }

  List<String> keysSeen() {
    return upstream.requests().stream().map(RecordedRequest::key).toList();
  }

  PooledKey key(String value) {
    return app.gateway().snapshot().providers().defaultProvider().keys().keys().stream()
        .filter(k -> k.secret().reveal().equals(value)).findFirst()
        .orElseThrow(() -> new AssertionError("no key " + value));
  }

  /** An admin API call with the admin token. */
  HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return send(method, path, ADMIN_TOKEN, body);
  }

  /** The cluster detail of {@code /health}. */
  JsonObject health() throws Exception {
    return new JsonObject(send("GET", "/health", null, null).body()).getJsonObject("cluster");
  }

  String metrics() throws Exception {
    return send("GET", "/metrics", null, null).body();
  }

  HttpResponse<String> send(String method, String path, String token, String body) {
    return TestHttp.send(http,
        TestHttp.json("http://127.0.0.1:" + app.port() + path, method, token, body));
  }

  @Override
  public void close() {
    app.close().await();
    upstream.close();
    vertx.close().await();
  }

  @Override
  public String toString() {
    return "instance " + app.clusterInstance().orElse("?");
  }
}
