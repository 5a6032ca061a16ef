package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openaibalance.config.ProviderSettings;
import io.openaibalance.config.Settings;
import io.openaibalance.config.ValueSource;
import io.openaibalance.config.Variable;
import io.openaibalance.mock.RecordedRequest;
import io.openaibalance.secret.Secret;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the admin saves (setting overrides, added keys, providers added at run time) is in force
 * after a restart, wins over {@code .env}, and goes away when the admin removes it.
 */
class AdminLayerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void overridesWinOverDotEnvAndSurviveARestart(Dialect dialect) throws Exception {
    try (StoredGateway g = new StoredGateway(dialect, tempDir)) {
      g.dotEnv("BASE_URL={upstream}\nAPI_KEYS=sk-env-key-one\nMAX_FAILURES=5\n").start();
      AdminStore admin = g.persistence.admin().orElseThrow();
      admin.saveOverrides(Map.of(
          Variable.MAX_FAILURES, Optional.of("2"),
          Variable.ALLOWED_TOKENS, Optional.of(StoredGateway.CLIENT_TOKEN + ",t-admin-token-0001")));
      g.restart();

      Settings settings = g.gateway.snapshot().settings();
      assertThat(settings.providers().get(0).maxFailures()).isEqualTo(2);
      assertThat(settings.sources().get("MAX_FAILURES")).isEqualTo(ValueSource.ADMIN);
      assertThat(settings.allowedTokens()).contains(Secret.of("t-admin-token-0001"));

      g.persistence.admin().orElseThrow()
          .saveOverrides(Map.of(Variable.MAX_FAILURES, Optional.empty()));
      assertThat(g.reload().providers().get(0).maxFailures()).as("back to .env").isEqualTo(5);
      g.restart();
      assertThat(g.gateway.snapshot().settings().sources().get("MAX_FAILURES"))
          .isEqualTo(ValueSource.DOTENV_FILE);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void addedKeysAndProvidersServeTrafficAfterARestart(Dialect dialect) throws Exception {
    try (StoredGateway g = new StoredGateway(dialect, tempDir)) {
      g.dotEnv("BASE_URL={upstream}\nAPI_KEYS=sk-env-key-one\n").start();
      AdminStore admin = g.persistence.admin().orElseThrow();
      Secret added = Secret.of("sk-admin-added-0001");
      admin.addKey(ProviderSettings.DEFAULT_NAME, added, Optional.of("team A"));
      ObjectNode entry = JSON.createObjectNode()
          .put("name", "extra").put("base_url", g.upstream.baseUrl()).put("max_retries", 1);
      entry.putArray("api_keys").add("sk-not-kept-with-the-entry");
      admin.saveProvider(entry);
      admin.addKey("extra", Secret.of("sk-extra-key-0002"), Optional.empty());
      g.restart();

      g.upstream.clearRequests();
      for (int i = 0; i < 4; i++) {
        assertThat(g.chat("/v1", "m")).isEqualTo(200);
      }
      assertThat(g.chat("/extra/v1", "m")).isEqualTo(200);
      assertThat(g.upstream.requests()).extracting(RecordedRequest::key)
          .containsOnly("sk-env-key-one", "sk-admin-added-0001", "sk-extra-key-0002")
          .contains("sk-env-key-one", "sk-admin-added-0001", "sk-extra-key-0002");
      assertThat(g.gateway.snapshot().providers().byName("extra").orElseThrow().settings()
          .maxRetries()).isEqualTo(1);

      admin = g.persistence.admin().orElseThrow();
      admin.removeKey(ProviderSettings.DEFAULT_NAME, added.id());
      admin.removeProvider("extra");
      g.reload();
      g.restart();
      g.upstream.clearRequests();
      for (int i = 0; i < 3; i++) {
        assertThat(g.chat("/v1", "m")).isEqualTo(200);
      }
      assertThat(g.chat("/extra/v1", "m")).isEqualTo(404);
      assertThat(g.upstream.requests()).extracting(RecordedRequest::key)
          .containsOnly("sk-env-key-one");
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anAddedKeyKeepsItsHealthAcrossRestarts(Dialect dialect) throws Exception {
    try (StoredGateway g = new StoredGateway(dialect, tempDir)) {
      g.dotEnv("BASE_URL={upstream}\nAPI_KEYS=sk-env-key-one\nMAX_FAILURES=1\n").start();
      g.persistence.admin().orElseThrow().addKey(ProviderSettings.DEFAULT_NAME,
          Secret.of("sk-admin-revoked:status=401"), Optional.of("revoked"));
      g.reload();
      for (int i = 0; i < 3; i++) {
        assertThat(g.chat("/v1", "m")).isEqualTo(200);
      }
      assertThat(g.key("default", "sk-admin-revoked").health().disabled()).isTrue();

      g.restart();

      assertThat(g.key("default", "sk-admin-revoked").health().disabled()).isTrue();
    }
  }
}
