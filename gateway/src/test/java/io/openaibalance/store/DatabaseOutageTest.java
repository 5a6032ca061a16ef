package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.Gateway;
import io.openaibalance.MutableClock;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.mock.MockUpstream;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * With its database refusing connections, the gateway keeps serving from memory; the key state
 * changed meanwhile reaches the database once it accepts connections again.
 */
class DatabaseOutageTest {
  @TempDir
  Path tempDir;

  @ParameterizedTest
  @EnumSource(value = Dialect.class, names = {"MYSQL", "POSTGRES"})
  void servesFromMemoryDuringAnOutageAndWritesTheStateWhenTheDatabaseReturns(Dialect dialect)
      throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    Vertx vertx = Vertx.vertx();
    MockUpstream upstream = MockUpstream.start(vertx);
    MutableClock clock = new MutableClock(Instant.now());
    HttpClient http = HttpClient.newHttpClient();
    AutoCloseable reopenThenDrop = () -> {
      TestDatabases.refuseConnections(fresh, false);
      fresh.drop().close();
    };
    try (AutoCloseable drop = reopenThenDrop;
        Persistence persistence = Persistence.open(fresh.config(), TestDatabases.BOX, clock)) {
      Gateway gateway = Gateway.start(vertx, SettingsLoader.load(tempDir, Map.of(
          "HOST", "127.0.0.1", "PORT", "0", "BASE_URL", upstream.baseUrl(), "ALLOWED_TOKENS", "t-1",
          "MAX_FAILURES", "1", "API_KEYS", "sk-revoked:status=401,sk-good"), Map.of()), clock,
          persistence.keyStates(), persistence.requestRecorder()).await();

      TestDatabases.refuseConnections(fresh, true);
      for (int i = 0; i < 4; i++) {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/chat/completions"))
            .header("Authorization", "Bearer t-1")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}")).build(),
            HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
      }
      long outageDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (persistence.keyStateWriter().orElseThrow().failedFlushes() == 0 && System.nanoTime() < outageDeadline) {
        TimeUnit.MILLISECONDS.sleep(50); // polling pace; the counter decides
      }
      assertThat(persistence.keyStateWriter().orElseThrow().failedFlushes()).as("a write failed during the outage")
          .isPositive();
      assertThat(persistence.keyStateWriter().orElseThrow().pending()).isPositive();
      TestDatabases.refuseConnections(fresh, false);

      List<StoredKeyState> stored = List.of();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      try (Database reader = Database.open(fresh.config())) {
        KeyStateRepository repository = new KeyStateRepository(reader);
        while (System.nanoTime() < deadline
            && stored.stream().noneMatch(s -> s.health().disabled())) {
          TimeUnit.MILLISECONDS.sleep(200); // polling pace; the query decides
          stored = repository.loadAll();
        }
      }
      assertThat(stored).anySatisfy(state -> {
        assertThat(state.maskedKey()).startsWith("sk-re");
        assertThat(state.health().disabled()).isTrue();
      });
      gateway.close().await();
    } finally {
      upstream.close();
      vertx.close().await();
    }
  }
}
