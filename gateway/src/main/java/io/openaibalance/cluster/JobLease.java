package io.openaibalance.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the one instance of a cluster that runs the scheduled jobs (key re-checks, proxy checks,
 * log retention): whoever holds a lease in Redis, a key set only if absent, with a time to live,
 * holding this instance's id.
 *
 * <p>Every {@code renewEvery} each instance either renews the lease it holds or tries to take it.
 * The holder gives it back when it stops, and says so on a channel, so another takes it at once;
 * one that dies stops renewing and the lease expires after {@code ttl}. The holder stops counting
 * itself as holder when its lease would have expired by its own clock (say Redis went away), so
 * two instances never both believe they hold it; during an outage longer than that, no instance
 * runs scheduled jobs.
 */
public final class JobLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobLease.class);
  /** Sets the lease if it is free, renews it if it is ours; returns the holder. */
  private static final String TAKE_OR_RENEW = """
      local holder = redis.call('GET', KEYS[1])
      if not holder then
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return ARGV[1]
      end
      if holder == ARGV[1] then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
      end
      return holder
      """;
  private static final String RELEASE = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('DEL', KEYS[1])
        redis.call('PUBLISH', KEYS[2], ARGV[1])
        return 1
      end
      return 0
      """;

  private final Vertx vertx;
  private final RedisLink link;
  private final ClusterNames names;
  private final String instance;
  private final Duration ttl;
  private final Duration renewEvery;
  private volatile long heldUntilNanos;
  private volatile boolean held;
  private volatile String holder = "";
  private volatile boolean closed;
  private long timer = -1;

  public JobLease(Vertx vertx, RedisLink link, ClusterNames names, String instance, Duration ttl,
      Duration renewEvery) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.link = Objects.requireNonNull(link, "link");
    this.names = Objects.requireNonNull(names, "names");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.renewEvery = Objects.requireNonNull(renewEvery, "renewEvery");
    link.subscribe(names.jobLeaseReleased(), released -> attempt());
    link.onConnected(this::attempt);
  }

  public void start() {
    timer = vertx.setPeriodic(renewEvery.toMillis(), id -> attempt());
  }

  /** Whether scheduled jobs run here now: the lease is ours and has not run out by our clock. */
  public boolean held() {
    return held && System.nanoTime() - heldUntilNanos < 0;
  }

  /** The instance holding the lease as last seen; empty when unknown (Redis away). */
  public Optional<String> holder() {
    return held() ? Optional.of(instance) : Optional.of(holder).filter(h -> !h.isEmpty());
  }

  private void attempt() {
    if (closed || !link.connected()) {
      if (!held()) {
        holder = "";
      }
      return;
    }
    long asked = System.nanoTime();
    link.send(Request.cmd(Command.EVAL).arg(TAKE_OR_RENEW).arg(1).arg(names.jobLease())
            .arg(instance).arg(ttl.toMillis()))
        .onSuccess(answer -> {
          String current = answer == null ? "" : answer.toString();
          boolean ours = current.equals(instance) && !closed;
          if (ours) {
            // Counted from when we asked: the lease cannot have been set earlier than that.
            heldUntilNanos = asked + ttl.toNanos();
          }
          if (ours != held) {
            LOG.info(ours ? "This instance now runs the cluster's scheduled jobs"
                : "Instance {} now runs the cluster's scheduled jobs", current);
          }
          held = ours;
          holder = current;
        });
  }

  /** Gives the lease back (if ours) so another instance takes it at once. */
  public Future<Void> release() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    boolean wasHeld = held;
    held = false;
    if (!wasHeld || !link.connected()) {
      return Future.succeededFuture();
    }
    return link.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(2).arg(names.jobLease())
            .arg(names.jobLeaseReleased()).arg(instance))
        .<Void>mapEmpty()
        .recover(failure -> Future.succeededFuture());
  }

  @Override
  public void close() {
    release();
  }
}
