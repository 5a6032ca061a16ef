package io.openaibalance.store;

import io.openaibalance.config.DatabaseSettings;
import io.openaibalance.config.RetentionSettings;
import io.openaibalance.keys.KeyHealth;
import io.openaibalance.keys.KeyStates;
import io.openaibalance.relay.ErrorRecord;
import io.openaibalance.relay.RequestRecord;
import io.openaibalance.relay.RequestRecorder;
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
  private final BoundedLogWriter<RequestRecord> requestLog;
  private final BoundedLogWriter<ErrorRecord> errorLog;

  private Persistence(Database database, KeyStateWriteBehind writer, KeyStates keyStates,
      BoundedLogWriter<RequestRecord> requestLog, BoundedLogWriter<ErrorRecord> errorLog) {
    this.errorLog = errorLog;
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
      BoundedLogWriter<RequestRecord> requestLog = new BoundedLogWriter<>("request log",
          new RequestLogRepository(database)::insertAll, BoundedLogWriter.DEFAULT_CAPACITY);
      BoundedLogWriter<ErrorRecord> errorLog = new BoundedLogWriter<>("error log",
          new ErrorLogRepository(database)::insertAll, BoundedLogWriter.DEFAULT_CAPACITY);
      return new Persistence(database, writer, new KeyStates(restored, writer), requestLog,
          errorLog);
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
  public RequestRecorder requestRecorder() {
    return new RequestRecorder() {
      @Override
      public void request(RequestRecord record) {
        requestLog.offer(record);
      }

      @Override
      public void error(ErrorRecord record) {
        errorLog.offer(record);
      }
    };
  }

  /** The request log's queue, for its gauges. */
  public BoundedLogWriter<RequestRecord> requestLog() {
    return requestLog;
  }

  /** Deletes log rows older than {@code retention} allows; blocking, for a scheduled job. */
  public long purgeOldLogs(RetentionSettings retention, java.time.Instant now) throws SQLException {
    return new LogRetention(database).purge(retention, now);
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
    errorLog.close();
    database.close();
  }
}
