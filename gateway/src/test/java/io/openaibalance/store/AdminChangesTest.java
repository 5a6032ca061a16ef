package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openaibalance.admin.AdminChanges;
import io.openaibalance.config.InvalidSettingsException;
import io.openaibalance.config.ProviderSettings;
import io.openaibalance.config.SettingsHolder;
import io.openaibalance.config.Variable;
import io.openaibalance.mock.RecordedRequest;
import io.openaibalance.secret.Secret;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An admin change is validated as a whole before anything is saved, and a valid one reaches live
 * traffic at once, without a restart.
 */
class AdminChangesTest {
  @TempDir
  Path tempDir;

  private static AdminChanges changes(StoredGateway g) {
    SettingsHolder holder = new SettingsHolder(g.gateway.snapshot().settings());
    holder.onChange(g.gateway::apply);
    return new AdminChanges(g.persistence.admin().orElseThrow(), g.loader, holder);
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anInvalidChangeSavesNothingAndAValidOneAppliesLive(Dialect dialect) throws Exception {
    try (StoredGateway g = new StoredGateway(dialect, tempDir)) {
      g.dotEnv("BASE_URL={upstream}\nAPI_KEYS=sk-env-key-one\nMAX_FAILURES=4\n").start();
      AdminChanges changes = changes(g);
      Map<Variable, Optional<String>> halfValid = new LinkedHashMap<>();
      halfValid.put(Variable.MAX_RETRIES, Optional.of("2"));
      halfValid.put(Variable.MAX_FAILURES, Optional.of("many"));

      assertThatThrownBy(() -> changes.saveOverrides(halfValid))
          .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("MAX_FAILURES");
      assertThat(g.persistence.admin().orElseThrow().current().overrides()).isEmpty();
      assertThatThrownBy(() -> changes.saveOverrides(
          Map.of(Variable.DATABASE_TYPE, Optional.of("memory"))))
          .isInstanceOf(IllegalArgumentException.class);

      changes.saveOverrides(Map.of(Variable.MAX_FAILURES, Optional.of("2")));
      changes.addKey(ProviderSettings.DEFAULT_NAME, Secret.of("sk-added-live-0001"),
          Optional.empty());

      assertThat(g.gateway.snapshot().settings().providers().get(0).maxFailures()).isEqualTo(2);
      g.upstream.clearRequests();
      for (int i = 0; i < 4; i++) {
        assertThat(g.chat("/v1", "m")).isEqualTo(200);
      }
      assertThat(g.upstream.requests()).extracting(RecordedRequest::key)
          .contains("sk-env-key-one", "sk-added-live-0001");
      g.restart();
      assertThat(g.gateway.snapshot().settings().providers().get(0).maxFailures()).isEqualTo(2);
    }
  }
}
