package io.openaibalance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code REDIS_URL} turns cluster mode on, only over a database every instance can share. */
class ClusterSettingsTest {
  @TempDir Path dir;

  private Settings load(Map<String, String> environment) {
    return SettingsLoader.load(dir, environment, Map.of());
  }

  private String refusal(Map<String, String> environment) {
    InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class,
        () -> load(environment));
    assertThat(e).as("expected the settings to be refused").isNotNull();
    return e.getMessage();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "memory"})
  void refusesClusterModeOverADatabaseTheInstancesCannotShareNamingBothVariables(String type) {
    String message = refusal(Map.of("REDIS_URL", "redis://:hunter2-redis-pw@cache:6379/0",
        "DATABASE_TYPE", type));

    assertThat(message).contains("REDIS_URL", "DATABASE_TYPE", type, "mysql or postgres")
        .doesNotContain("hunter2-redis-pw");
  }

  @Test
  void acceptsAPasswordAndADatabaseIndexAndMasksThePassword() {
    Settings settings = load(Map.of("REDIS_URL", "redis://:hunter2-redis-pw@cache:6380/2",
        "DATABASE_TYPE", "postgres", "ENCRYPTION_KEY", "one-passphrase"));

    assertThat(settings.cluster().enabled()).isTrue();
    assertThat(settings.cluster().redisUrl().orElseThrow().reveal())
        .isEqualTo("redis://:hunter2-redis-pw@cache:6380/2");
    assertThat(settings.cluster().maskedUrl()).isEqualTo("redis://:***@cache:6380/2");
    assertThat(settings.cluster().toString()).doesNotContain("hunter2-redis-pw");
    assertThat(settings.cluster().keyPrefix()).isEqualTo("openai-balance");
  }

  @Test
  void acceptsTlsAndAUserName() {
    Settings settings = load(Map.of("REDIS_URL", "rediss://gateway:s3cret-redis-pw@cache.example",
        "DATABASE_TYPE", "mysql", "REDIS_KEY_PREFIX", "prod-eu", "ENCRYPTION_KEY", "one-passphrase"));

    assertThat(settings.cluster().maskedUrl()).isEqualTo("rediss://gateway:***@cache.example");
    assertThat(settings.cluster().keyPrefix()).isEqualTo("prod-eu");
  }

  @Test
  void refusesClusterModeWithoutASharedEncryptionKey() {
    assertThat(refusal(Map.of("REDIS_URL", "redis://cache", "DATABASE_TYPE", "mysql")))
        .contains("REDIS_URL is set (cluster mode), but ENCRYPTION_KEY is not");
  }

  @Test
  void isSingleInstanceModeWithoutARedisUrl() {
    assertThat(load(Map.of()).cluster().enabled()).isFalse();
  }

  @Test
  void refusesAUrlThatIsNotRedisWithoutPrintingItsPassword() {
    String message = refusal(Map.of("REDIS_URL", "http://:hunter2-redis-pw@cache:6379",
        "DATABASE_TYPE", "mysql"));

    assertThat(message).contains("REDIS_URL").contains("redis://")
        .doesNotContain("hunter2-redis-pw");
  }

  @Test
  void refusesAKeyPrefixWithSpaces() {
    assertThat(refusal(Map.of("REDIS_KEY_PREFIX", "my cluster")))
        .contains("REDIS_KEY_PREFIX: \"my cluster\"");
  }
}
