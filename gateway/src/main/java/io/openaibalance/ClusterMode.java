package io.openaibalance;

import io.openaibalance.cluster.ClusterNames;
import io.openaibalance.cluster.ConfigBroadcast;
import io.openaibalance.cluster.InstanceId;
import io.openaibalance.cluster.JobLease;
import io.openaibalance.cluster.RedisLink;
import io.openaibalance.cluster.SharedKeyState;
import io.openaibalance.config.ProviderSettings;
import io.openaibalance.config.Settings;
import io.openaibalance.config.SettingsHolder;
import io.openaibalance.keys.KeyStates;
import io.openaibalance.metrics.GatewayMetrics;
import io.openaibalance.store.Persistence;
import io.openaibalance.web.HealthReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.Predicate;
import io.openaibalance.jobs.JobPlan;

/**
 * The cluster parts of one instance, built and joined here: the Redis link, shared key state, the
 * settings broadcast and the job lease. Exists only when {@code REDIS_URL} is set.
 */
final class ClusterMode {
  /** A dead holder's jobs wait this long at most before another instance takes them. */
  static final Duration LEASE_TTL = Duration.ofSeconds(15);
  static final Duration LEASE_RENEW_EVERY = Duration.ofSeconds(5);

  private final String instance;
  private final RedisLink link;
  private final SharedKeyState keys;
  private final ConfigBroadcast config;
  private final JobLease lease;
  private final KeyStates keyStates;

  /**
   * @param reload reads the admin layer from the database and applies the settings (blocking)
   */
  ClusterMode(Vertx vertx, Settings settings, Persistence persistence, SettingsHolder holder,
      Runnable reload) {
    this.instance = InstanceId.generate();
    ClusterNames names = new ClusterNames(settings.cluster().keyPrefix());
    this.link = new RedisLink(vertx, settings.cluster().redisUrl().orElseThrow().reveal(),
        settings.cluster().maskedUrl());
    this.keys = new SharedKeyState(persistence.keyStates().sink(), link, names, instance,
        provider -> maxFailures(holder.current(), provider));
    this.keyStates = persistence.keyStates().withSink(keys);
    this.config = new ConfigBroadcast(link, names, instance, reload);
    this.lease = new JobLease(vertx, link, names, instance, LEASE_TTL, LEASE_RENEW_EVERY);
    persistence.admin().ifPresent(store -> store.onSaved(config::saved));
  }

  private static int maxFailures(Settings settings, String provider) {
    for (ProviderSettings candidate : settings.providers()) {
      if (candidate.name().equals(provider)) {
        return candidate.maxFailures();
      }
    }
    return Integer.MAX_VALUE;
  }

  void start() {
    link.start();
    lease.start();
  }

  /** The stored key states, with changes shared through Redis as well. */
  KeyStates keyStates() {
    return keyStates;
  }

  /**
   * Whether a scheduled job that comes due runs on this instance: the lease holder's jobs, except
   * the proxy check, which every instance runs. Proxy health is each instance's own (its own
   * network path to the proxy), and only a passing check brings a disabled proxy back: checked
   * on one instance only, a proxy disabled by another's traffic would stay disabled there.
   */
  Predicate<String> runsJobs() {
    return name -> name.equals(JobPlan.PROXY_CHECK) || lease.held();
  }

  HealthReport health() {
    return () -> new JsonObject().put("status", "healthy").put("cluster", new JsonObject()
            .put("instance", instance)
            .put("redis", link.connected() ? "connected" : "unreachable")
            .put("redis_url", link.maskedUrl())
            .put("job_lease_holder", lease.holder().orElse(null))
            .put("runs_jobs", lease.held())
            .put("unsent_key_changes", keys.unsentChanges())
            .put("peer_key_changes_applied", keys.adoptedChanges()))
        .toBuffer();
  }

  void registerGauges(GatewayMetrics metrics) {
    metrics.gauge("openai_balance_cluster_connected",
        "1 while this instance reaches the cluster's Redis, 0 while it serves from its own view",
        () -> link.connected() ? 1 : 0);
    metrics.gauge("openai_balance_cluster_redis_outages",
        "Times the connection to Redis was lost since start", link::outages);
    metrics.gauge("openai_balance_cluster_job_lease_held",
        "1 while this instance holds the lease and runs the scheduled jobs",
        () -> lease.held() ? 1 : 0);
    metrics.gauge("openai_balance_cluster_unsent_key_changes",
        "Keys whose latest change here has not reached Redis yet", keys::unsentChanges);
    metrics.gauge("openai_balance_cluster_peer_key_changes_applied",
        "Key-state changes of other instances applied here since start", keys::adoptedChanges);
  }

  String instance() {
    return instance;
  }

  /** Gives the job lease back, then disconnects. */
  Future<Void> close() {
    config.close();
    return lease.release().eventually(link::closeAsync);
  }
}
