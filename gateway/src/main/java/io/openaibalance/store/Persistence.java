package io.openaibalance.store;

import io.openaibalance.config.DatabaseSettings;
import io.openaibalance.keys.KeyHealth;
import io.openaibalance.keys.KeyStates;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The store as the rest of the gateway sees it: opened once at start (migrations run, stored key
 * health read), then only fed through the write-behind sink.
 */
public final class Persistence implements AutoCloseable {
  private final Database database;
  private final KeyStateWriteBehind writer;
  private final KeyStates keyStates;
  private final RequestLogWriter requestLog;

  private Persistence(Database database, KeyStateWriteBehind writer, KeyStates keyStates,
      RequestLogWriter requestLog) {
    this.database = database;
    this.writer = writer;
    this.keyStates = keyStates;
    this.requestLog = requestLog;
  }

  /**
   * Opens the configured database. Blocks (connects, migrates, reads): call it at start, off any
   * event loop.
   *
   * @param dataDir where a relative SQLite file goes ({@code ./data})
   */
  public static Persistence open(DatabaseSettings settings, Path dataDir, Clock clock)
      throws SQLException {
    return open(config(settings, dataDir), clock);
  }

  public static Persistence open(DatabaseConfig config, Clock clock) throws SQLException {
    Database database = Database.open(config);
    try {
      KeyStateRepository repository = new KeyStateRepository(database);
      Map<String, KeyHealth> restored = new HashMap<>();
      for (StoredKeyState state : repository.loadAll()) {
        restored.put(KeyStates.slot(state.provider(), state.keyId()), state.health());
      }
      KeyStateWriteBehind writer = new KeyStateWriteBehind(repository, clock);
      RequestLogWriter requestLog = new RequestLogWriter(
          new RequestLogRepository(database), RequestLogWriter.DEFAULT_CAPACITY);
      return new Persistence(database, writer, new KeyStates(restored, writer), requestLog);
    } catch (SQLException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  static DatabaseConfig config(DatabaseSettings settings, Path dataDir) {
    return switch (settings.type()) {
      case "mysql" -> DatabaseConfig.mysql(settings.host(), settings.port(), settings.database(),
          settings.user(), settings.password());
      case "postgres" -> DatabaseConfig.postgres(settings.host(), settings.port(),
          settings.database(), settings.user(), settings.password());
      default -> DatabaseConfig.sqlite(dataDir.resolve(settings.sqliteDatabase()));
    };
  }

  public KeyStates keyStates() {
    return keyStates;
  }

  /** Where relayed requests are logged. */
  public RequestLogWriter requestLog() {
    return requestLog;
  }

  /** The write-behind of key state, for its counters. */
  public KeyStateWriteBehind keyStateWriter() {
    return writer;
  }


  /** Writes what is still pending, then closes the pool. */
  @Override
  public void close() {
    writer.close();
    requestLog.close();
    database.close();
  }
}
