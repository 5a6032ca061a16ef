package io.openaibalance;

import io.openaibalance.admin.AdminChanges;
import io.openaibalance.admin.AdminPages;
import io.openaibalance.admin.ConfigurationRoutes;
import io.openaibalance.admin.KeyRoutes;
import io.openaibalance.admin.ProxyRoutes;
import io.openaibalance.admin.LogRoutes;
import io.openaibalance.admin.StatisticsRoutes;
import io.openaibalance.config.DotEnvWatcher;
import io.openaibalance.config.InvalidSettingsException;
import io.openaibalance.config.Settings;
import io.openaibalance.config.SettingsHolder;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.jobs.Job;
import io.openaibalance.jobs.JobPlan;
import io.openaibalance.jobs.JobScheduler;
import java.util.Map;
import java.util.Optional;
import io.openaibalance.keys.KeyStates;
import io.openaibalance.web.HealthReport;
import io.openaibalance.store.Persistence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

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
  private final JobScheduler jobs;
  private final Optional<ClusterMode> cluster;

  private Application(Gateway gateway, DotEnvWatcher watcher, ScheduledExecutorService fileWatch,
      Persistence persistence, JobScheduler jobs, Optional<ClusterMode> cluster) {
    this.cluster = cluster;
    this.gateway = gateway;
    this.watcher = watcher;
    this.fileWatch = fileWatch;
    this.persistence = persistence;
    this.jobs = jobs;
  }

  static Future<Application> start(Vertx vertx, SettingsLoader loader, Settings settings,
      Clock clock, Persistence persistence) {
    SettingsHolder holder = new SettingsHolder(settings);
    Optional<ClusterMode> cluster = settings.cluster().enabled()
        ? Optional.of(new ClusterMode(vertx, settings, persistence, holder,
            () -> reloadSaved(loader, holder, persistence)))
        : Optional.empty();
    KeyStates keyStates = cluster.map(ClusterMode::keyStates).orElse(persistence.keyStates());
    return Gateway.start(vertx, settings, clock, keyStates, persistence.requestRecorder(),
        cluster.map(ClusterMode::health).orElse(HealthReport.HEALTHY)).map(gateway -> {
      persistence.registerGauges(gateway.metrics());
      persistence.keyHistory().ifPresent(history ->
          gateway.admin().serveKeyHistory(vertx, history));
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
      JobScheduler jobs = cluster.map(c -> new JobScheduler(clock, c.runsJobs()))
          .orElseGet(() -> new JobScheduler(clock));
      Map<String, Job> work = PeriodicWork.of(gateway, persistence, holder, clock);
      schedule(jobs, work, settings);
      holder.onChange(changed -> schedule(jobs, work, changed));
      gateway.admin().serveJobs(jobs);
      new AdminPages().mount(gateway.admin());
      persistence.errorLogTable().ifPresent(errors -> new LogRoutes(vertx, errors,
          persistence.requestLogTable().orElseThrow()).mount(gateway.admin().router()));
      persistence.statistics(clock).ifPresent(statistics ->
          new StatisticsRoutes(vertx, statistics, clock).mount(gateway.admin().router()));
      persistence.admin().ifPresent(store -> {
        AdminChanges changes = new AdminChanges(store, loader, holder);
        new ConfigurationRoutes(vertx, changes, store, loader, gateway::snapshot, clock)
            .mount(gateway.admin().router());
        new KeyRoutes(vertx, changes, store, persistence.statistics(clock).orElseThrow(),
            gateway::snapshot, clock).mount(gateway.admin().router());
        new ProxyRoutes(vertx, changes, gateway.proxies(), gateway::snapshot)
            .mount(gateway.admin().router());
      });
      cluster.ifPresent(c -> {
        c.registerGauges(gateway.metrics());
        c.start();
        LOG.info("Cluster mode: instance {}, Redis {}, key prefix {}", c.instance(),
            settings.cluster().maskedUrl(), settings.cluster().keyPrefix());
      });
      return new Application(gateway, watcher, fileWatch, persistence, jobs, cluster);
    });
  }

  /** Another instance saved an admin change: read the shared admin layer, apply the settings. */
  private static void reloadSaved(SettingsLoader loader, SettingsHolder holder,
      Persistence persistence) {
    try {
      persistence.refreshAdminLayer();
    } catch (java.sql.SQLException e) {
      LOG.warn("Cannot read the settings another instance saved ({}); the current ones stay",
          e.getClass().getSimpleName());
      return;
    }
    reload(loader, holder);
  }

  private static void reload(SettingsLoader loader, SettingsHolder holder) {
    try {
      holder.replace(loader.load());
    } catch (InvalidSettingsException e) {
      LOG.error("The settings saved in the database are invalid; the current ones stay: {}",
          e.getMessage());
    }
  }

  /** Every job on its schedule for {@code settings}; an unchanged schedule keeps its next run. */
  private static void schedule(JobScheduler jobs, Map<String, Job> work, Settings settings) {
    JobPlan.schedules(settings).forEach((name, schedule) ->
        jobs.schedule(name, schedule, work.get(name)));
  }

  int port() {
    return gateway.port();
  }

  Gateway gateway() {
    return gateway;
  }

  Future<Void> close() {
    jobs.close();
    watcher.close();
    fileWatch.shutdownNow();
    // The job lease goes back first, so another instance takes the jobs over at once.
    Future<Void> leaving = cluster.map(ClusterMode::close).orElse(Future.succeededFuture());
    return leaving.eventually(gateway::close).eventually(() -> {
      persistence.close();
      return io.vertx.core.Future.succeededFuture();
    });
  }

  /** This instance's id in its cluster; empty in single mode. */
  Optional<String> clusterInstance() {
    return cluster.map(ClusterMode::instance);
  }
}
