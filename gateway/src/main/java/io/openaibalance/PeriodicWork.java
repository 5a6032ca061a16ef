package io.openaibalance;

import io.openaibalance.config.SettingsHolder;
import io.openaibalance.jobs.Job;
import io.openaibalance.jobs.JobPlan;
import io.openaibalance.store.Persistence;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bodies of the scheduled jobs: re-checking disabled keys and proxies on the live pools, and
 * purging old logs. Each runs on a scheduler thread and waits for its checks to finish, so a run
 * never overlaps the next.
 */
final class PeriodicWork {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicWork.class);
  /** A run that takes longer has a stuck upstream or proxy; the next run starts afresh. */
  private static final long LONGEST_RUN_MINUTES = 30;

  private PeriodicWork() {}

  static Map<String, Job> of(Gateway gateway, Persistence persistence, SettingsHolder settings,
      Clock clock) {
    Map<String, Job> jobs = new LinkedHashMap<>();
    jobs.put(JobPlan.KEY_RECHECK, () -> {
      var checks = await(gateway.keyChecks().recheckDisabled());
      long back = checks.stream().filter(check -> check.valid()).count();
      if (!checks.isEmpty()) {
        LOG.info("Re-checked {} disabled keys: {} back in service", checks.size(), back);
      }
    });
    jobs.put(JobPlan.PROXY_CHECK, () -> {
      var checks = await(gateway.proxyChecks().checkAll());
      long available = checks.stream().filter(check -> check.available()).count();
      if (!checks.isEmpty()) {
        LOG.info("Checked {} proxies: {} available", checks.size(), available);
      }
    });
    jobs.put(JobPlan.LOG_RETENTION, () -> {
      long deleted = persistence.purgeOldLogs(settings.current().retention(), clock.instant());
      if (deleted > 0) {
        LOG.info("Log retention deleted {} old rows", deleted);
      }
    });
    return jobs;
  }

  private static <T> T await(Future<T> work) throws Exception {
    return work.toCompletionStage().toCompletableFuture().get(LONGEST_RUN_MINUTES, TimeUnit.MINUTES);
  }
}
