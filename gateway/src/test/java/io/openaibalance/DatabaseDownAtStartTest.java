package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.config.SettingsLoader;
import io.openaibalance.config.Variable;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.mock.MockUpstream;
import io.openaibalance.mock.RecordedRequest;
import io.openaibalance.store.Dialect;
import io.openaibalance.store.Persistence;
import io.openaibalance.store.TestDatabases;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Started while its database refuses connections, the gateway serves from memory at once; when
 * the database returns, the stored key state and the admin's settings take effect without a
 * restart.
 */
class DatabaseDownAtStartTest {
  private static final String KEYS = "sk-good-a,sk-revoked:status=401,"
      + "sk-limited:status=429:retry-after=600,sk-good-b";

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final MutableClock clock = new MutableClock(Instant.now());
  private final HttpClient http = HttpClient.newHttpClient();

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"MYSQL", "POSTGRES"})
  void servesFromMemoryThenTakesTheStoredStateWhenTheDatabaseArrives(Dialect dialect)
      throws Exception {
    MockUpstream upstream = MockUpstream.start(vertx);
    Files.writeString(dir.resolve(".env"), "BASE_URL=" + upstream.baseUrl() + "\nAPI_KEYS=" + KEYS
        + "\nMAX_FAILURES=1\nHOST=127.0.0.1\nPORT=0\nALLOWED_TOKENS=t-1\n");
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, dir);
    try (AutoCloseable drop = () -> {
          TestDatabases.refuseConnections(fresh, false);
          fresh.drop().close();
          upstream.close();
          vertx.close().await();
        }) {
      storeStateAndAnOverride(fresh);
      TestDatabases.refuseConnections(fresh, true);

      try (Persistence persistence = Persistence.open(fresh.config(), TestDatabases.BOX, clock)) {
        assertThat(persistence.attached()).as("the database is down").isNotDone();
        SettingsLoader loader = new SettingsLoader(dir, Map.of(), persistence::adminLayer);
        Application app = Application.start(vertx, loader, loader.load(), clock, persistence)
            .await();
        assertThat(maxFailures(app)).as(".env until the database is read").isEqualTo(1);
        assertThat(chat(app)).as("served from memory").isEqualTo(200);

        TestDatabases.refuseConnections(fresh, false);
        persistence.attached().get(40, TimeUnit.SECONDS);
        Await.until("the admin's MAX_FAILURES in force", Duration.ofSeconds(10),
            () -> maxFailures(app) == 5);

        assertThat(key(app, "sk-revoked").health().disabled()).isTrue();
        assertThat(key(app, "sk-limited").health().coolingUntil()).isAfter(clock.instant());
        upstream.clearRequests();
        for (int i = 0; i < 4; i++) {
          assertThat(chat(app)).isEqualTo(200);
        }
        assertThat(upstream.requests()).extracting(RecordedRequest::key)
            .containsOnly("sk-good-a", "sk-good-b");
        app.close().await();
      }
    }
  }

  /** A first run with the database up: one key revoked, one cooling, an admin override saved. */
  private void storeStateAndAnOverride(TestDatabases.Fresh fresh) throws Exception {
    try (Persistence persistence = Persistence.open(fresh.config(), TestDatabases.BOX, clock)) {
      SettingsLoader loader = new SettingsLoader(dir, Map.of(), persistence::adminLayer);
      Application app = Application.start(vertx, loader, loader.load(), clock, persistence).await();
      for (int i = 0; i < 4; i++) {
        assertThat(chat(app)).isEqualTo(200);
      }
      assertThat(key(app, "sk-revoked").health().disabled()).isTrue();
      assertThat(key(app, "sk-limited").health().coolingUntil()).isAfter(clock.instant());
      persistence.admin().orElseThrow()
          .saveOverrides(Map.of(Variable.MAX_FAILURES, Optional.of("5")));
      app.close().await();
    }
  }

  private static int maxFailures(Application app) {
    return app.gateway().snapshot().settings().providers().get(0).maxFailures();
  }

  private static PooledKey key(Application app, String prefix) {
    return app.gateway().snapshot().providers().defaultProvider().keys().keys().stream()
        .filter(k -> k.secret().reveal().startsWith(prefix)).findFirst().orElseThrow();
  }

  private int chat(Application app) throws Exception {
    return http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + "/v1/chat/completions"))
            .header("Authorization", "Bearer t-1")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
