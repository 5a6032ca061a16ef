package io.openaibalance.cluster;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an admin change saved on one instance apply on all: after a save, this instance
 * publishes its id; the others read the admin layer from the shared database again and swap
 * their settings, the way a {@code .env} edit is applied. The message carries no configuration
 * (the database is the one place it lives), so it cannot leak a secret or disagree with it.
 *
 * <p>Reloads run on a thread of their own, one at a time; notifications that arrive during a
 * reload cause one more, not one each. A notification that could not be published (Redis away)
 * goes out on reconnection, and every reconnection reloads once, since changes saved elsewhere
 * during the outage were not heard.
 */
public final class ConfigBroadcast implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigBroadcast.class);

  private final RedisLink link;
  private final ClusterNames names;
  private final String instance;
  private final Runnable reload;
  private final ExecutorService reloader = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "cluster-config-reload");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicBoolean reloadQueued = new AtomicBoolean();
  private final AtomicBoolean unsent = new AtomicBoolean();
  private final AtomicBoolean connectedBefore = new AtomicBoolean();

  /**
   * @param reload reads the admin layer from the database and applies the settings; blocking
   */
  public ConfigBroadcast(RedisLink link, ClusterNames names, String instance, Runnable reload) {
    this.link = Objects.requireNonNull(link, "link");
    this.names = Objects.requireNonNull(names, "names");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.reload = Objects.requireNonNull(reload, "reload");
    link.subscribe(names.configChanges(), this::heard);
    link.onConnected(this::connected);
    link.whileConnected(this::publish);
  }

  /** An admin change was saved here: the others should reload. Returns at once. */
  public void saved() {
    unsent.set(true);
    publish();
  }

  private void publish() {
    if (!link.connected() || !unsent.getAndSet(false)) {
      return;
    }
    link.send(Request.cmd(Command.PUBLISH).arg(names.configChanges()).arg(instance))
        .onFailure(failure -> unsent.set(true));
  }

  private void heard(String origin) {
    if (!origin.equals(instance)) {
      scheduleReload();
    }
  }

  private void connected() {
    publish();
    if (connectedBefore.getAndSet(true)) {
      scheduleReload();
    }
  }

  private void scheduleReload() {
    if (!reloadQueued.compareAndSet(false, true)) {
      return;
    }
    reloader.execute(() -> {
      reloadQueued.set(false);
      try {
        reload.run();
      } catch (RuntimeException e) {
        LOG.error("Could not apply the settings another instance saved ({}); the current ones"
            + " stay until the next change", e.getMessage());
      }
    });
  }

  @Override
  public void close() {
    reloader.shutdownNow();
  }
}
