package io.openaibalance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.openaibalance.secret.Secret;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseVariablesTest {
  @TempDir Path dir;

  private DatabaseSettings database(Map<String, String> environment) {
    return SettingsLoader.load(dir, environment, Map.of()).database();
  }

  @Test
  void databaseUrlGivesEveryPostgresPart() {
    DatabaseSettings settings = database(Map.of("DATABASE_TYPE", "postgres",
        "POSTGRES_HOST", "ignored", "DATABASE_URL",
        "postgresql://app%40team:p%3Ass@db.internal:6543/balance?sslmode=require"));

    assertThat(settings.type()).isEqualTo("postgres");
    assertThat(settings.host()).isEqualTo("db.internal");
    assertThat(settings.port()).isEqualTo(6543);
    assertThat(settings.user()).isEqualTo("app@team");
    assertThat(settings.password()).contains(Secret.of("p:ss"));
    assertThat(settings.database()).isEqualTo("balance");
    assertThat(settings.options()).isEqualTo("sslmode=require");
  }

  @Test
  void aBadDatabaseUrlIsNamedWithoutItsPassword() {
    InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class,
        () -> database(Map.of("DATABASE_TYPE", "postgres",
            "DATABASE_URL", "mysql://user:hunter2-secret@host/db")));

    assertThat(e.problems()).singleElement().asString()
        .startsWith("DATABASE_URL:").doesNotContain("hunter2-secret");
  }

  @Test
  void mysqlSocketAndMemoryAndEncryptionKey() {
    assertThat(database(Map.of("DATABASE_TYPE", "mysql", "MYSQL_SOCKET", "/run/mysqld.sock"))
        .socket()).contains("/run/mysqld.sock");
    DatabaseSettings memory = database(Map.of("DATABASE_TYPE", "memory"));
    assertThat(memory.persistent()).isFalse();
    assertThat(database(Map.of("ENCRYPTION_KEY", "correct horse")).encryptionKey())
        .isEqualTo(Optional.of(Secret.of("correct horse")));
  }

  @Test
  void databaseVariablesAreNeverTakenFromAdminOverrides() {
    Settings settings = SettingsLoader.load(dir, Map.of("DATABASE_TYPE", "sqlite"),
        Map.of("DATABASE_TYPE", "postgres", "ENCRYPTION_KEY", "from-admin", "MAX_FAILURES", "7"));

    assertThat(settings.database().type()).isEqualTo("sqlite");
    assertThat(settings.database().encryptionKey()).isEmpty();
    assertThat(settings.providers().get(0).maxFailures()).as("others are").isEqualTo(7);
  }
}
