package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.Gateway;
import io.openaibalance.MutableClock;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.mock.MockUpstream;
import io.openaibalance.relay.RequestRecord;
import io.openaibalance.secret.Secret;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every relayed request lands in the request log, with its usage, on each database. */
class RequestLogTest {
  @TempDir
  Path tempDir;

  private static HttpResponse<String> post(HttpClient http, int port, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
        .header("Authorization", "Bearer t-1").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void recordsEachRequestWithItsKeyModelAttemptsAndUsage(Dialect dialect) throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    Vertx vertx = Vertx.vertx();
    MockUpstream upstream = MockUpstream.start(vertx);
    HttpClient http = HttpClient.newHttpClient();
    try (AutoCloseable drop = fresh.drop();
        Persistence persistence = Persistence.open(fresh.config(), TestDatabases.BOX, new MutableClock(Instant.now()))) {
      Gateway gateway = Gateway.start(vertx, SettingsLoader.load(tempDir, Map.of(
              "HOST", "127.0.0.1", "PORT", "0", "BASE_URL", upstream.baseUrl(),
              "ALLOWED_TOKENS", "t-1", "API_KEYS", "sk-broken:status=500,sk-good"), Map.of()),
          java.time.Clock.systemUTC(), persistence.keyStates(), persistence.requestRecorder()).await();

      assertThat(post(http, gateway.port(), "{\"model\":\"gpt-4o-mini\",\"messages\":[]}").statusCode())
          .isEqualTo(200);
      String streamed = post(http, gateway.port(), "{\"model\":\"gpt-4o-mini:chunks=4\",\"stream\":true,"
          + "\"stream_options\":{\"include_usage\":true},\"messages\":[]}").body();
      assertThat(streamed).contains("\"usage\"");

      List<RequestRecord> rows = List.of();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      try (Database reader = Database.open(fresh.config())) {
        RequestLogRepository repository = new RequestLogRepository(reader);
        while (rows.size() < 2 && System.nanoTime() < deadline) {
          TimeUnit.MILLISECONDS.sleep(100); // polling pace; the query decides
          rows = repository.newest(10);
        }
      }
      gateway.close().await();
      UsageStatistics statistics =
          persistence.statistics(java.time.Clock.systemUTC()).orElseThrow();
      assertThat(statistics.overview().lastHour())
          .as("the aggregates are written with the log").isEqualTo(new UsageStatistics.Counts(2, 0));
      assertThat(statistics.perKey(new UsageStatistics.Period(
              Instant.now().minusSeconds(3600), Instant.now().plusSeconds(3600))))
          .extracting(k -> k.keyId().orElse(""), k -> k.counts().calls())
          .containsExactly(org.assertj.core.groups.Tuple.tuple(Secret.of("sk-good").id(), 2L));

      assertThat(rows).hasSize(2);
      RequestRecord plain = rows.stream().filter(r -> !r.stream()).findFirst().orElseThrow();
      RequestRecord stream = rows.stream().filter(RequestRecord::stream).findFirst().orElseThrow();
      assertThat(plain.status()).isEqualTo(200);
      assertThat(plain.provider()).isEqualTo("default");
      assertThat(plain.model()).contains("gpt-4o-mini");
      assertThat(plain.attempts()).isEqualTo(2);
      assertThat(plain.keyId()).contains(Secret.of("sk-good").id());
      assertThat(plain.tokenId()).contains(Secret.of("t-1").id());
      assertThat(plain.usage()).isPresent();
      assertThat(plain.usage().get().totalTokens()).isPositive();
      assertThat(plain.firstByteMillis()).isPresent();
      assertThat(stream.model()).contains("gpt-4o-mini:chunks=4");
      assertThat(stream.usage()).isPresent();
      assertThat(stream.usage().get().completionTokens()).isPositive();
    } finally {
      upstream.close();
      vertx.close().await();
    }
  }

  @Test
  void dropsAndCountsRecordsBeyondTheQueueWhileTheDatabaseIsDown() throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(Dialect.POSTGRES, tempDir);
    AutoCloseable reopenThenDrop = () -> {
      TestDatabases.refuseConnections(fresh, false);
      fresh.drop().close();
    };
    try (AutoCloseable drop = reopenThenDrop; Database database = Database.open(fresh.config())) {
      TestDatabases.refuseConnections(fresh, true);
      BoundedLogWriter<RequestRecord> writer = new BoundedLogWriter<>("request log",
          new RequestLogRepository(database)::insertAll, 3);
      for (int i = 0; i < 20; i++) {
        writer.offer(new RequestRecord(Instant.now(), "default", Optional.empty(),
            Optional.of("m"), 200, 1, Optional.empty(), false, 1, Optional.empty(), Optional.empty()));
      }

      assertThat(writer.dropped()).isGreaterThanOrEqualTo(14);
      TestDatabases.refuseConnections(fresh, false);
      writer.close();
      assertThat(writer.written()).isEqualTo(20 - writer.dropped());
      assertThat(new RequestLogRepository(database).newest(100)).hasSize((int) writer.written());
    }
  }
}
