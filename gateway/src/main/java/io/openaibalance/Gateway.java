package io.openaibalance;

import io.openaibalance.admin.AdminApi;
import io.openaibalance.admin.KeyChecks;
import io.openaibalance.admin.ProxyChecks;
import io.openaibalance.config.Settings;
import io.openaibalance.egress.ProxyChecker;
import io.openaibalance.relay.KeyVerifier;
import io.openaibalance.relay.ModelLister;
import io.openaibalance.egress.ProxyRegistry;
import io.openaibalance.keys.KeyStates;
import io.openaibalance.metrics.GatewayMetrics;
import io.openaibalance.relay.RelayHandler;
import io.openaibalance.relay.RequestRecorder;
import io.openaibalance.relay.RelaySnapshot;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.EntryHandler;
import io.openaibalance.web.ErrorResponder;
import io.openaibalance.web.HealthReport;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.provider.Provider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The composition root: builds every part by constructor, starts the HTTP server, and swaps in a
 * new configuration when one arrives. Nothing else creates long-lived parts.
 */
public final class Gateway {
  /**
   * Upstream connections held open at once per upstream address and event loop; each live stream
   * holds one.
   */
  static final int UPSTREAM_CONNECTIONS_PER_ADDRESS = 4096;
  /** As many as Main gives Vert.x event loops: one server per loop. */
  private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

  private final Vertx vertx;
  private final KeyStates keyStates;
  private final ProxyRegistry proxies = new ProxyRegistry();
  private final AtomicReference<RelaySnapshot> snapshot;
  /** For key and proxy checks and model lists: the relay uses each event loop's own client. */
  private final HttpClient sharedClient;
  private final HttpServerOptions serverOptions;
  private final Function<HttpClient, Handler<HttpServerRequest>> entryWith;
  private final List<EventLoopServer> servers = new CopyOnWriteArrayList<>();
  /** The servers' deployment, once they listen. */
  private volatile String deployment;
  private final GatewayMetrics metrics;
  private final KeyChecks keyChecks;
  private final ProxyChecks proxyChecks;
  private final AdminApi admin;

  private Gateway(Vertx vertx, Settings settings, Clock clock, KeyStates keyStates,
      RequestRecorder recorder, HealthReport health) {
    this.vertx = vertx;
    this.keyStates = keyStates;
    this.snapshot = new AtomicReference<>(RelaySnapshot.of(settings, Optional.empty(), keyStates, proxies));
    this.sharedClient = newUpstreamClient(vertx);
    this.metrics = new GatewayMetrics(() -> snapshot.get().providers(), clock);
    this.keyChecks = new KeyChecks(new KeyVerifier(sharedClient, clock), snapshot::get);
    this.proxyChecks = new ProxyChecks(new ProxyChecker(sharedClient, clock), proxies,
        snapshot::get);
    this.admin = new AdminApi(vertx, snapshot::get, keyChecks, proxyChecks, proxies, clock);
    admin.serveModelLists(new ModelLister(sharedClient, clock), snapshot::get);
    admin.router().route().last().handler(context ->
        ErrorResponder.respond(context.response(), ApiError.notFound("not_found",
            "No route for " + context.request().method() + " " + truncate(context.request().path())
                + ".")));
    this.serverOptions = new HttpServerOptions()
        .setHost(settings.host())
        // Vert.x binds each server asking for port 0 to a port of its own, and the servers asking
        // for the same negative port to one chosen port they share: the event loops' servers
        // must share one.
        .setPort(settings.port() == 0 ? -1 : settings.port())
        .setTcpNoDelay(true)
        .setMaxHeaderSize(16 * 1024)
        .setMaxInitialLineLength(8 * 1024)
        .setCompressionSupported(false)
        .setDecompressionSupported(false)
        // No WebSocket is served: without these the pipeline carries an extension handler that
        // looks at every response.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        // Cleartext HTTP/2 (h2c) is off: an upgraded connection corrupted relayed bodies and
        // hung large answers (JDK HttpClient asks to upgrade by default). Clients that ask
        // get HTTP/1.1 keep-alive, which every OpenAI SDK uses for http:// anyway.
        .setHttp2ClearTextEnabled(false);
    this.entryWith = client -> new EntryHandler(snapshot::get,
        new RelayHandler(vertx, client, clock, metrics, recorder), admin.router(), metrics, health);
  }

  /** The client to upstreams: keep-alive, pooled per address, bodies passed through as sent. */
  private static HttpClient newUpstreamClient(Vertx vertx) {
    return vertx.httpClientBuilder()
        .with(new HttpClientOptions()
            .setKeepAlive(true)
            .setKeepAliveTimeout(30)
            .setTcpNoDelay(true)
            .setDecompressionSupported(false)
            .setMaxHeaderSize(32 * 1024))
        .with(new PoolOptions().setHttp1MaxSize(UPSTREAM_CONNECTIONS_PER_ADDRESS))
        .build();
  }

  /** Listens with one server per event loop, all on the one port. */
  private Future<Void> listen() {
    return vertx.deployVerticle(() -> {
      EventLoopServer server =
          new EventLoopServer(serverOptions, () -> newUpstreamClient(vertx), entryWith);
      servers.add(server);
      return server;
    }, new DeploymentOptions().setInstances(EVENT_LOOPS)).compose(id -> {
      deployment = id;
      long ports = servers.stream().mapToInt(EventLoopServer::port).distinct().count();
      return ports == 1 ? Future.succeededFuture()
          : Future.failedFuture(
              new IllegalStateException("The servers listen on " + ports + " ports"));
    });
  }


  /** Builds the gateway for {@code settings}, with no stored key state, and starts listening. */
  public static Future<Gateway> start(Vertx vertx, Settings settings, Clock clock) {
    return start(vertx, settings, clock, KeyStates.NONE, RequestRecorder.NONE);
  }

  /**
   * Builds the gateway with keys restored from, and persisted to, {@code keyStates}, and every
   * relayed request given to {@code recorder}.
   */
  public static Future<Gateway> start(Vertx vertx, Settings settings, Clock clock,
      KeyStates keyStates, RequestRecorder recorder) {
    return start(vertx, settings, clock, keyStates, recorder, HealthReport.HEALTHY);
  }

  /** As above, with {@code health} as the body of {@code /health} (a cluster's detail). */
  public static Future<Gateway> start(Vertx vertx, Settings settings, Clock clock,
      KeyStates keyStates, RequestRecorder recorder, HealthReport health) {
    Objects.requireNonNull(settings, "settings");
    Gateway gateway = new Gateway(vertx, settings, clock, keyStates, recorder, health);
    gateway.announceLiveKeys();
    return gateway.listen().map(listening -> gateway);
  }

  /** The port the server listens on (the chosen one when {@code PORT=0}). */
  public int port() {
    return servers.get(0).port();
  }

  /** The meters, for parts built outside the gateway (persistence) to add theirs. */
  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Key checks on the live pools, for the re-check job. */
  public KeyChecks keyChecks() {
    return keyChecks;
  }

  /** The live proxies with their health, for the admin routes that change the list. */
  public ProxyRegistry proxies() {
    return proxies;
  }

  /** Proxy checks on the live proxies, for the proxy-check job. */
  public ProxyChecks proxyChecks() {
    return proxyChecks;
  }

  /** The admin API, for the composition root to mount more routes on. */
  public AdminApi admin() {
    return admin;
  }

  /** The live snapshot: what the next request will see. */
  public RelaySnapshot snapshot() {
    return snapshot.get();
  }

  /**
   * Applies new settings to live traffic: requests that started keep the snapshot they read, the
   * next ones see the new one; keys that stay keep their state.
   */
  public void apply(Settings settings) {
    snapshot.updateAndGet(previous -> RelaySnapshot.of(settings, Optional.of(previous), keyStates, proxies));
    announceLiveKeys();
  }

  /** Lets the store reconcile its key rows with the keys that serve traffic now. */
  private void announceLiveKeys() {
    Map<String, List<PooledKey>> live = new LinkedHashMap<>();
    for (Provider provider : snapshot.get().providers().all()) {
      live.put(provider.name(), provider.keys().keys());
    }
    keyStates.sink().live(live);
  }

  public Future<Void> close() {
    Future<Void> undeployed = deployment == null ? Future.succeededFuture()
        : vertx.undeploy(deployment);
    return undeployed.eventually(sharedClient::close);
  }

  Vertx vertx() {
    return vertx;
  }

  private static String truncate(String path) {
    return path.length() > 128 ? path.substring(0, 128) + "..." : path;
  }
}
