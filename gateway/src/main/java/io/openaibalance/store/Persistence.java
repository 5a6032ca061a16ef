package io.openaibalance.store;

import io.openaibalance.config.AdminLayer;
import io.openaibalance.config.DatabaseSettings;
import io.openaibalance.config.RetentionSettings;
import io.openaibalance.keys.KeyEvent;
import io.openaibalance.keys.KeyHealth;
import io.openaibalance.keys.KeyStates;
import io.openaibalance.metrics.GatewayMetrics;
import io.openaibalance.relay.ErrorRecord;
import io.openaibalance.relay.RequestRecord;
import io.openaibalance.relay.RequestRecorder;
import io.openaibalance.secret.SecretBox;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as the rest of the gateway sees it: opened once at start (migrations run, stored key
 * health and the admin layer read), then only fed through write-behind sinks. With {@code
 * DATABASE_TYPE=memory} there is no database and nothing is kept.
 */
public final class Persistence implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Persistence.class);
  private static final long FIRST_RETRY_MS = 1_000;
  private static final long LAST_RETRY_MS = 30_000;
  /** How long hourly sums of many keys may wait to be written (see {@link CarriedUsage}). */
  private static final Duration USAGE_HOLD = Duration.ofSeconds(5);

  /** The parts that exist only with a database. */
  private record Stored(Database database, KeyStateRepository keyStateRepository,
      KeyStateWriteBehind keyStateWriter, BoundedLogWriter<RequestRecord> requestLog,
      BoundedLogWriter<ErrorRecord> errorLog, BoundedLogWriter<KeyEvent> keyHistory,
      KeyEventRepository keyEvents, AdminStore admin) {}

  private final Optional<Stored> stored;
  private final KeyStates keyStates;
  private final CompletableFuture<Void> attached = new CompletableFuture<>();
  private volatile ScheduledExecutorService reconnecting;

  private Persistence(Optional<Stored> stored, KeyStates keyStates) {
    this.stored = stored;
    this.keyStates = keyStates;
  }

  /** Keeps nothing: key state lives and dies with the process, no log is written. */
  public static Persistence inMemory() {
    Persistence persistence = new Persistence(Optional.empty(), KeyStates.NONE);
    persistence.attached.complete(null);
    return persistence;
  }

  /**
   * Opens the configured database. Blocks (connects, migrates, reads): call it at start, off any
   * event loop.
   *
   * @param dataDir where a relative SQLite file and the generated encryption key go
   */
  public static Persistence open(DatabaseSettings settings, Path dataDir, Clock clock) {
    if (!settings.persistent()) {
      return inMemory();
    }
    SecretBox box = SecretBox.open(settings.encryptionKey(), dataDir.resolve("encryption.key"));
    return open(config(settings, dataDir), box, clock);
  }

  /**
   * Opens the database: migrates it and reads the stored key health and admin layer before it
   * returns. When the database cannot be reached, it returns anyway, serving from memory, and
   * keeps trying in the background; {@link #attached()} completes once it got through.
   *
   * @throws IllegalStateException when the database answers but its content cannot be used (a
   *     stored secret sealed with another {@code ENCRYPTION_KEY})
   */
  public static Persistence open(DatabaseConfig config, SecretBox box, Clock clock) {
    Database database = Database.connect(config);
    KeyStateRepository repository = new KeyStateRepository(database);
    KeyEventRepository keyEvents = new KeyEventRepository(database);
    BoundedLogWriter<KeyEvent> keyHistory = new BoundedLogWriter<>("key history",
        keyEvents::insertAll, BoundedLogWriter.DEFAULT_CAPACITY);
    KeyStateWriteBehind writer =
        new KeyStateWriteBehind(repository, clock, keyHistory::offer);
    // Each batch and its hourly aggregates in one transaction: a retried batch is never counted
    // twice.
    UsageAggregates aggregates = new UsageAggregates(database);
    RequestLogRepository requests = new RequestLogRepository(database);
    ErrorLogRepository errors = new ErrorLogRepository(database);
    BoundedLogWriter<RequestRecord> requestLog = new BoundedLogWriter<>("request log",
        new CarriedUsage(database, aggregates, USAGE_HOLD).writing(requests::insertAll,
            UsageAggregates::requestSums), BoundedLogWriter.DEFAULT_CAPACITY);
    BoundedLogWriter<ErrorRecord> errorLog = new BoundedLogWriter<>("error log",
        new CarriedUsage(database, aggregates, USAGE_HOLD).writing(errors::insertAll,
            UsageAggregates::errorSums), BoundedLogWriter.DEFAULT_CAPACITY);
    Persistence persistence = new Persistence(
        Optional.of(new Stored(database, repository, writer, requestLog, errorLog, keyHistory,
            keyEvents, new AdminStore(database, box, clock))),
        new KeyStates(Map.of(), writer));
    try {
      if (!persistence.tryAttach()) {
        persistence.keepTrying(FIRST_RETRY_MS);
      }
    } catch (RuntimeException e) {
      persistence.close();
      throw e;
    }
    return persistence;
  }

  /**
   * Migrates, reads the stored key health and admin layer, and lets the key-state writer start.
   *
   * @return false when the database cannot be reached (or migrated) yet
   */
  private boolean tryAttach() {
    Stored s = stored.orElseThrow();
    try {
      s.database().migrate();
      Map<String, KeyHealth> restored = new HashMap<>();
      for (StoredKeyState state : s.keyStateRepository().loadAll()) {
        restored.put(KeyStates.slot(state.provider(), state.keyId()), state.health());
      }
      s.admin().refresh();
      keyStates.restored(restored);
      s.keyStateWriter().attach(restored);
    } catch (SQLException | FlywayException e) {
      LOG.warn("The {} database cannot be used yet ({}: {}); serving from memory and trying"
          + " again", s.database().dialect().name().toLowerCase(java.util.Locale.ROOT),
          e.getClass().getSimpleName(), firstLine(e.getMessage()));
      return false;
    }
    attached.complete(null);
    return true;
  }

  private void keepTrying(long delayMs) {
    if (reconnecting == null) {
      reconnecting = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "database-connect");
        thread.setDaemon(true);
        return thread;
      });
    }
    reconnecting.schedule(() -> {
      try {
        if (tryAttach()) {
          LOG.info("The database is reachable again: stored key state restored, writes resumed");
        } else {
          keepTrying(Math.min(delayMs * 2, LAST_RETRY_MS));
        }
      } catch (RuntimeException e) {
        LOG.error("The database answers but its content cannot be used ({}); key state and"
            + " logs stay in memory until a restart", e.getMessage());
      }
    }, delayMs, TimeUnit.MILLISECONDS);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * Completes once the database is migrated and what it stores is read: at once when it was up at
   * start, later when it was down; never with {@code DATABASE_TYPE=memory}... which completes at
   * once, there being nothing to read.
   */
  public CompletableFuture<Void> attached() {
    return attached;
  }

  static DatabaseConfig config(DatabaseSettings settings, Path dataDir) {
    return switch (settings.type()) {
      case "mysql" -> DatabaseConfig.mysql(settings.host(), settings.port(), settings.socket(),
          settings.database(), settings.user(), settings.password());
      case "postgres" -> DatabaseConfig.postgres(settings.host(), settings.port(),
          settings.database(), settings.options(), settings.user(), settings.password());
      default -> DatabaseConfig.sqlite(dataDir.resolve(settings.sqliteDatabase()));
    };
  }

  public KeyStates keyStates() {
    return keyStates;
  }

  /** What the admin saved, for the settings loader; empty without a database. */
  public AdminLayer adminLayer() {
    return stored.map(s -> s.admin().current()).orElse(AdminLayer.EMPTY);
  }

  /**
   * Reads the admin layer from the database again (another instance of a cluster saved a change);
   * blocking. Without a database there is nothing to read.
   */
  public void refreshAdminLayer() throws SQLException {
    if (stored.isPresent()) {
      stored.get().admin().refresh();
    }
  }

  /** Where admin changes are saved; empty without a database. */
  public Optional<AdminStore> admin() {
    return stored.map(Stored::admin);
  }

  /** The statistics the admin pages show; empty without a database. */
  public Optional<UsageStatistics> statistics(Clock clock) {
    return stored.map(s -> new UsageStatistics(s.database(), clock));
  }

  /** The error log as the admin pages browse it; empty without a database. */
  public Optional<LogTable<ErrorRecord>> errorLogTable() {
    return stored.map(s -> LogTable.errorLog(s.database()));
  }

  public Optional<LogTable<RequestRecord>> requestLogTable() {
    return stored.map(s -> LogTable.requestLog(s.database()));
  }

  /** Keys' histories; empty without a database. */
  public Optional<KeyEventRepository> keyHistory() {
    return stored.map(Stored::keyEvents);
  }

  /** Where relayed requests are logged. */
  public RequestRecorder requestRecorder() {
    if (stored.isEmpty()) {
      return RequestRecorder.NONE;
    }
    BoundedLogWriter<RequestRecord> requestLog = stored.get().requestLog();
    BoundedLogWriter<ErrorRecord> errorLog = stored.get().errorLog();
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

  /** The write-behind queues' gauges. */
  public void registerGauges(GatewayMetrics metrics) {
    stored.ifPresent(s -> {
      metrics.gauge("openai_balance_key_state_pending",
          "Keys whose latest health is not written to the database yet",
          () -> s.keyStateWriter().pending());
      metrics.gauge("openai_balance_key_state_failed_writes",
          "Key-state writes that failed and were retried",
          () -> s.keyStateWriter().failedFlushes());
      registerQueueGauges(metrics, "request_log", "Request-log", s.requestLog());
      registerQueueGauges(metrics, "error_log", "Error-log", s.errorLog());
    });
  }

  private static void registerQueueGauges(
      GatewayMetrics metrics, String name, String label, BoundedLogWriter<?> writer) {
    metrics.gauge("openai_balance_" + name + "_queued", label + " records waiting to be written",
        writer::queued);
    metrics.gauge("openai_balance_" + name + "_dropped",
        label + " records dropped because the queue was full", writer::dropped);
  }

  /** Deletes log rows older than {@code retention} allows; blocking, for a scheduled job. */
  public long purgeOldLogs(RetentionSettings retention, Instant now) throws SQLException {
    if (stored.isEmpty()) {
      return 0;
    }
    return new LogRetention(stored.get().database()).purge(retention, now);
  }

  /** The write-behind of key state, for its counters; empty without a database. */
  public Optional<KeyStateWriteBehind> keyStateWriter() {
    return stored.map(Stored::keyStateWriter);
  }

  /** The request log's queue; empty without a database. */
  public Optional<BoundedLogWriter<RequestRecord>> requestLog() {
    return stored.map(Stored::requestLog);
  }

  /** Writes what is still pending, then closes the pool. */
  @Override
  public void close() {
    if (reconnecting != null) {
      reconnecting.shutdownNow();
    }
    stored.ifPresent(s -> {
      s.keyStateWriter().close();
      s.requestLog().close();
      s.errorLog().close();
      s.keyHistory().close();
      s.database().close();
    });
  }
}
