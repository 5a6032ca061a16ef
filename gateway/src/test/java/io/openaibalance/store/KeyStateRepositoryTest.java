package io.openaibalance.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.keys.KeyHealth;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same repository behaviour on SQLite, MariaDB and PostgreSQL. */
class KeyStateRepositoryTest {
  private static final Instant AT = Instant.parse("2026-05-01T10:00:00.123Z");

  @TempDir
  Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void storesKeyHealthAndReadsItBackAfterReopening(Dialect dialect) throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    try (AutoCloseable drop = fresh.drop()) {
      KeyHealth disabled = new KeyHealth(3, true, Instant.EPOCH, Optional.of("HTTP 401 invalid_api_key"),
          Optional.of(AT));
      KeyHealth cooling = new KeyHealth(0, false, AT.plusSeconds(30), Optional.of("HTTP 429"),
          Optional.of(AT));
      try (Database database = Database.open(fresh.config())) {
        new KeyStateRepository(database).saveAll(List.of(
            new StoredKeyState("default", "aaaaaaaaaaaaaaaa", "sk-ab...wxyz", disabled, AT),
            new StoredKeyState("default", "bbbbbbbbbbbbbbbb", "sk-cd...stuv", cooling, AT)));
      }

      try (Database reopened = Database.open(fresh.config())) {
        List<StoredKeyState> loaded = new KeyStateRepository(reopened).loadAll();

        assertThat(loaded).extracting(StoredKeyState::keyId)
            .containsExactly("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb");
        assertThat(loaded.get(0).health()).isEqualTo(disabled);
        assertThat(loaded.get(1).health()).isEqualTo(cooling);
        assertThat(loaded.get(1).updatedAt()).isEqualTo(AT);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void sqliteCreatesItsFolderAndRunsInWalMode() throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(Dialect.SQLITE, tempDir);
    try (Database database = Database.open(fresh.config());
        var connection = database.dataSource().getConnection();
        var rows = connection.createStatement().executeQuery("PRAGMA journal_mode")) {
      rows.next();
      assertThat(rows.getString(1)).isEqualToIgnoringCase("wal");
      assertThat(tempDir.resolve("data")).isDirectory();
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void theLastWriteOfAKeyWins(Dialect dialect) throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    try (AutoCloseable drop = fresh.drop(); Database database = Database.open(fresh.config())) {
      KeyStateRepository repository = new KeyStateRepository(database);
      repository.saveAll(List.of(new StoredKeyState("p", "cccccccccccccccc", "sk-xx...yyyy",
          new KeyHealth(2, false, Instant.EPOCH, Optional.of("HTTP 403"), Optional.of(AT)), AT)));

      repository.saveAll(List.of(new StoredKeyState("p", "cccccccccccccccc", "sk-xx...yyyy",
          KeyHealth.FRESH, AT.plusSeconds(5))));

      List<StoredKeyState> loaded = repository.loadAll();
      assertThat(loaded).hasSize(1);
      assertThat(loaded.get(0).health()).isEqualTo(KeyHealth.FRESH);
      assertThat(loaded.get(0).updatedAt()).isEqualTo(AT.plusSeconds(5));
    }
  }
}
