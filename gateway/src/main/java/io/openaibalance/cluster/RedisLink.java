package io.openaibalance.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's connection to the cluster's Redis: a small pool for commands and one
 * subscriber connection for the cluster's channels.
 *
 * <p>Whether the link is up is decided by the subscriber connection (a peer's change can only be
 * heard through it) and a ping every second. While it is down, {@link #send} fails at once
 * without touching the network, so callers never wait on a dead Redis; the link reconnects with
 * a backoff from 100 ms to 5 s, logs one warning per outage and one line when it is back, and
 * tells its {@linkplain #onConnected listeners} after each (re)connection so they can converge.
 *
 * <p>Everything runs on one Vert.x context; handlers of channels run there too and must not
 * block. The URL's password never reaches a log line: only {@code maskedUrl} is printed.
 */
public final class RedisLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
  private static final long FIRST_RETRY_MS = 100;
  private static final long LAST_RETRY_MS = 5_000;
  private static final long PING_EVERY_MS = 1_000;
  private static final long COMMAND_TIMEOUT_MS = 2_000;
  /** A ping failing this often in a row ends the subscriber connection (a silent network). */
  private static final int FAILED_PINGS_TO_DROP = 2;

  private final Vertx vertx;
  private final Context context;
  private final String maskedUrl;
  private final Redis commands;
  private final Redis subscriptions;
  private final Map<String, Consumer<String>> channels = new LinkedHashMap<>();
  private final List<Runnable> onConnected = new CopyOnWriteArrayList<>();
  private final List<Runnable> whileConnected = new CopyOnWriteArrayList<>();
  private final AtomicLong outages = new AtomicLong();
  private volatile boolean connected;
  private volatile boolean closed;
  // Touched on the context only.
  private RedisConnection subscriber;
  private long retryMs = FIRST_RETRY_MS;
  private boolean warned;
  private boolean started;
  private int failedPings;
  private long pingTimer = -1;

  /**
   * @param url the Redis URL, password included (it goes to the client and nowhere else)
   * @param maskedUrl the same URL with the password masked, for logs
   */
  public RedisLink(Vertx vertx, String url, String maskedUrl) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.context = vertx.getOrCreateContext();
    this.maskedUrl = Objects.requireNonNull(maskedUrl, "maskedUrl");
    NetClientOptions net = new NetClientOptions().setConnectTimeout((int) COMMAND_TIMEOUT_MS)
        .setTcpKeepAlive(true).setTcpNoDelay(true);
    this.commands = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
        .setNetClientOptions(net).setMaxPoolSize(4).setMaxPoolWaiting(1_024)
        .setMaxWaitingHandlers(4_096));
    this.subscriptions = Redis.createClient(vertx, new RedisOptions().setConnectionString(url)
        .setNetClientOptions(net).setMaxPoolSize(1).setMaxPoolWaiting(4));
    // The command table is large: initialised here, on the starting thread, rather than by the
    // first connection on an event loop (a start on a loaded machine blocked a loop for 2 s).
    Request.cmd(Command.PING);
  }

  /**
   * Routes the messages of {@code channel} to {@code handler} (on the link's event loop, so it
   * must not block). Only before {@link #start()}.
   */
  public void subscribe(String channel, Consumer<String> handler) {
    if (started) {
      throw new IllegalStateException("subscribe before start");
    }
    channels.put(channel, handler);
  }

  /** Called after every (re)connection, once subscribed: the time to converge with the others. */
  public void onConnected(Runnable listener) {
    onConnected.add(listener);
  }

  /** Called every second while the link is up: the time to retry what failed to go out. */
  public void whileConnected(Runnable listener) {
    whileConnected.add(listener);
  }

  /** Connects in the background; the instance serves meanwhile, whether Redis answers or not. */
  public void start() {
    started = true;
    context.runOnContext(ignored -> {
      connect();
      pingTimer = vertx.setPeriodic(PING_EVERY_MS, id -> ping());
    });
  }

  /** Whether Redis answers and this instance hears the cluster's channels. */
  public boolean connected() {
    return connected;
  }

  /** How often the link was lost since start. */
  public long outages() {
    return outages.get();
  }

  public String maskedUrl() {
    return maskedUrl;
  }

  /**
   * Sends one command; fails at once when the link is down, and after two seconds without an
   * answer.
   */
  public Future<Response> send(Request request) {
    if (!connected) {
      return Future.failedFuture(new IllegalStateException("Redis is not connected"));
    }
    return commands.send(request).timeout(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  /** Sends commands in order on one connection (a resynchronisation); same failure rules. */
  public Future<List<Response>> batch(List<Request> requests) {
    if (!connected) {
      return Future.failedFuture(new IllegalStateException("Redis is not connected"));
    }
    return commands.batch(requests).timeout(COMMAND_TIMEOUT_MS * 5, TimeUnit.MILLISECONDS);
  }

  private void connect() {
    if (closed) {
      return;
    }
    subscriptions.connect().compose(connection -> {
      connection.handler(this::received);
      connection.exceptionHandler(failure -> lost(connection, failure));
      connection.endHandler(ignored -> lost(connection, null));
      Request subscribe = Request.cmd(Command.SUBSCRIBE);
      channels.keySet().forEach(subscribe::arg);
      return connection.send(subscribe).timeout(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .map(connection)
          .onFailure(failure -> connection.close());
    }).onComplete(result -> {
      if (result.failed()) {
        down(result.cause());
        retry();
      } else if (closed) {
        result.result().close();
      } else {
        subscriber = result.result();
        up();
      }
    });
  }

  private void up() {
    retryMs = FIRST_RETRY_MS;
    failedPings = 0;
    connected = true;
    if (warned) {
      LOG.info("Redis {} is reachable again: re-synchronising key state and settings", maskedUrl);
      warned = false;
    } else {
      LOG.info("Cluster mode: connected to Redis {}", maskedUrl);
    }
    for (Runnable listener : onConnected) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.error("A cluster listener failed after connecting to Redis", e);
      }
    }
  }

  private void down(Throwable cause) {
    boolean was = connected;
    connected = false;
    if (was) {
      outages.incrementAndGet();
    }
    if (!warned && !closed) {
      warned = true;
      LOG.warn("Redis {} is unreachable ({}): serving with this instance's own view of key state"
          + " and settings, reconnecting in the background", maskedUrl, describe(cause));
    }
  }

  private void lost(RedisConnection connection, Throwable cause) {
    if (connection != subscriber) {
      return;
    }
    subscriber = null;
    connection.close();
    down(cause);
    retry();
  }

  private void retry() {
    if (closed) {
      return;
    }
    long delay = retryMs;
    retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
    vertx.setTimer(delay, id -> connect());
  }

  /** Catches a Redis that stopped answering without closing the connection. */
  private void ping() {
    RedisConnection current = subscriber;
    if (current == null || closed) {
      return;
    }
    commands.send(Request.cmd(Command.PING)).timeout(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onComplete(result -> {
          if (result.succeeded()) {
            failedPings = 0;
            if (connected) {
              whileConnected.forEach(Runnable::run);
            }
          } else if (++failedPings >= FAILED_PINGS_TO_DROP) {
            lost(current, result.cause());
          }
        });
  }

  /** A pushed message: {@code ["message", channel, payload]} in RESP2 and RESP3 alike. */
  private void received(Response push) {
    if (push == null || (push.type() != ResponseType.PUSH && push.type() != ResponseType.MULTI)
        || push.size() < 3 || !"message".equals(String.valueOf(push.get(0)))) {
      return;
    }
    Consumer<String> handler = channels.get(String.valueOf(push.get(1)));
    if (handler == null) {
      return;
    }
    try {
      handler.accept(String.valueOf(push.get(2)));
    } catch (RuntimeException e) {
      LOG.warn("A cluster message could not be applied ({})", describe(e));
    }
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "connection closed";
    }
    String message = cause.getMessage();
    // Connection errors name the address, never the URL's password.
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Closes both connections; no reconnection follows. */
  public Future<Void> closeAsync() {
    closed = true;
    connected = false;
    return Future.<Void>future(promise -> context.runOnContext(ignored -> {
      if (pingTimer >= 0) {
        vertx.cancelTimer(pingTimer);
      }
      RedisConnection current = subscriber;
      subscriber = null;
      if (current != null) {
        current.close();
      }
      subscriptions.close().eventually(commands::close).onComplete(promise);
    }));
  }

  @Override
  public void close() {
    closeAsync();
  }
}
