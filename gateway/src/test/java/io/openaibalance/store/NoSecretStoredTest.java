package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openaibalance.config.ProviderSettings;
import io.openaibalance.config.Variable;
import io.openaibalance.secret.Secret;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * No upstream key, client token or admin secret, in full, reaches any table, any log line or any
 * error a client gets, even when the upstream echoes the key in its error message and the admin
 * saves secrets in the database.
 */
class NoSecretStoredTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REVOKED = "sk-revoked-env-key-0001:status=401";
  private static final String GOOD = "sk-good-env-key-0002";
  private static final String ADMIN_KEY = "sk-admin-added-key-0003";
  private static final String ADMIN_TOKEN = "admin-token-secret-0004";
  private static final String HEADER_SECRET = "header-secret-value-0005";
  private static final List<String> SECRETS = List.of(REVOKED, "sk-revoked-env-key-0001", GOOD,
      ADMIN_KEY, ADMIN_TOKEN, HEADER_SECRET, StoredGateway.CLIENT_TOKEN);

  @TempDir
  Path tempDir;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void captureLogs() {
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    root.detachAppender(logs);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void noSecretInAnyTableLogOrError(Dialect dialect) throws Exception {
    try (StoredGateway g = new StoredGateway(dialect, tempDir)) {
      g.dotEnv("BASE_URL={upstream}\nMAX_FAILURES=1\nMAX_RETRIES=1\n"
          + "ERROR_LOG_RECORD_REQUEST_BODY=true\nAPI_KEYS=" + REVOKED + "," + GOOD + "\n").start();
      AdminStore admin = g.persistence.admin().orElseThrow();
      admin.saveOverrides(Map.of(Variable.AUTH_TOKEN, Optional.of(ADMIN_TOKEN),
          Variable.CUSTOM_HEADERS, Optional.of("{\"X-Team-Secret\":\"" + HEADER_SECRET + "\"}")));
      admin.addKey(ProviderSettings.DEFAULT_NAME, Secret.of(ADMIN_KEY), Optional.of("admin"));
      ObjectNode entry = JSON.createObjectNode().put("name", "extra")
          .put("base_url", g.upstream.baseUrl());
      entry.putObject("custom_headers").put("api-key", HEADER_SECRET);
      admin.saveProvider(entry);
      g.reload();

      List<String> answers = new ArrayList<>();
      // One attempt per request, so the revoked key's echoed 401 reaches the client.
      for (int i = 0; i < 4; i++) {
        HttpResponse<String> answer = g.chatAnswer("/v1",
            "{\"model\":\"m\",\"messages\":[],\"api_key\":\"" + GOOD + "\"}");
        answers.add(answer.statusCode() + " " + answer.body());
      }
      assertThat(answers).anyMatch(a -> a.startsWith("401") && a.contains("sk-re"));
      g.flush();
      awaitLogsWritten(g, 4);
      g.restart();

      List<String> stored = everyStoredValue(g.databaseConfig());
      assertThat(stored).as("what the database holds").isNotEmpty()
          .anyMatch(v -> v.contains("Incorrect API key provided: sk-re"));
      for (String secret : SECRETS) {
        assertThat(stored).as("stored values").noneMatch(v -> v.contains(secret));
        assertThat(answers).as("answers to the client").noneMatch(a -> a.contains(secret));
        assertThat(logs.list).as("log lines").noneMatch(event -> mentions(event, secret));
      }
    }
  }

  private static void awaitLogsWritten(StoredGateway g, int requests) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (g.persistence.requestLog().orElseThrow().written() < requests
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(g.persistence.requestLog().orElseThrow().written()).isGreaterThanOrEqualTo(requests);
  }

  private static boolean mentions(ILoggingEvent event, String secret) {
    if (event.getFormattedMessage().contains(secret)) {
      return true;
    }
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(secret)) {
        return true;
      }
    }
    return false;
  }

  /** Every text value of every column of every table, read the way a dump would. */
  private static List<String> everyStoredValue(DatabaseConfig config) throws Exception {
    List<String> values = new ArrayList<>();
    try (Database database = Database.open(config);
        Connection connection = database.dataSource().getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = meta.getTables(connection.getCatalog(), connection.getSchema(), "%",
          new String[] {"TABLE"})) {
        while (rows.next()) {
          tables.add(rows.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).contains("key_state", "request_log", "error_log", "setting_override",
          "provider_entry");
      for (String table : tables) {
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData columns = rows.getMetaData();
          while (rows.next()) {
            for (int c = 1; c <= columns.getColumnCount(); c++) {
              String value = rows.getString(c);
              if (value != null) {
                values.add(value);
              }
            }
          }
        }
      }
    }
    return values;
  }
}
