package io.openaibalance;

import io.openaibalance.config.DotEnvWatcher;
import io.openaibalance.config.InvalidSettingsException;
import io.openaibalance.config.Settings;
import io.openaibalance.config.SettingsHolder;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.store.Persistence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running process: the gateway plus what keeps its configuration live (the {@code .env}
 * watcher and the holder whose changes reach the gateway and the log level).
 */
final class Application {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Application.class);
  private final Gateway gateway;
  private final DotEnvWatcher watcher;
  private final ScheduledExecutorService fileWatch;
  private final Persistence persistence;

  private Application(Gateway gateway, DotEnvWatcher watcher, ScheduledExecutorService fileWatch,
      Persistence persistence) {
    this.gateway = gateway;
    this.watcher = watcher;
    this.fileWatch = fileWatch;
    this.persistence = persistence;
  }

  static Future<Application> start(Vertx vertx, SettingsLoader loader, Settings settings,
      Clock clock, Persistence persistence) {
    return Gateway.start(vertx, settings, clock, persistence.keyStates(),
        persistence.requestRecorder()).map(gateway -> {
      persistence.registerGauges(gateway.metrics());
      persistence.keyHistory().ifPresent(history ->
          gateway.admin().serveKeyHistory(vertx, history));
      SettingsHolder holder = new SettingsHolder(settings);
      holder.onChange(gateway::apply);
      if (!persistence.attached().isDone()) {
        // The database was down at start: once it is read, its admin layer joins the settings.
        persistence.attached().thenRun(() -> reload(loader, holder));
      }
      holder.onChange(changed -> LogLevels.apply(changed.logLevel()));
      ScheduledExecutorService fileWatch = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "dotenv-watch");
        thread.setDaemon(true);
        return thread;
      });
      DotEnvWatcher watcher = new DotEnvWatcher(loader, holder, fileWatch);
      watcher.start();
      // Daily log retention; the jobs scheduler of the health-check issue will take this over.
      fileWatch.scheduleWithFixedDelay(() -> purgeOldLogs(persistence, holder, clock),
          1, TimeUnit.DAYS.toMinutes(1), TimeUnit.MINUTES);
      return new Application(gateway, watcher, fileWatch, persistence);
    });
  }

  private static void reload(SettingsLoader loader, SettingsHolder holder) {
    try {
      holder.replace(loader.load());
    } catch (InvalidSettingsException e) {
      LOG.error("The settings saved in the database are invalid; the current ones stay: {}",
          e.getMessage());
    }
  }

  private static void purgeOldLogs(Persistence persistence, SettingsHolder holder, Clock clock) {
    try {
      long deleted = persistence.purgeOldLogs(holder.current().retention(), clock.instant());
      if (deleted > 0) {
        LOG.info("Log retention deleted {} old rows", deleted);
      }
    } catch (java.sql.SQLException | RuntimeException e) {
      LOG.warn("Log retention failed ({}); it runs again tomorrow", e.getClass().getSimpleName());
    }
  }

  int port() {
    return gateway.port();
  }

  Gateway gateway() {
    return gateway;
  }

  Future<Void> close() {
    watcher.close();
    fileWatch.shutdownNow();
    return gateway.close().eventually(() -> {
      persistence.close();
      return io.vertx.core.Future.succeededFuture();
    });
  }
}
