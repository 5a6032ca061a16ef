package io.openaibalance.mock;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running mock OpenAI upstream. Start one per test on a random port, point the gateway at
 * {@link #baseUrl()}, script failures through keys and model names (see the package
 * documentation), and assert on {@link #requests()}.
 *
 * <p>Thread-safe: the server runs on Vert.x event loops while tests read and script it.
 */
public final class MockUpstream implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final String deploymentId;
  private final String host;
  private final int port;
  private final RequestJournal journal;
  private final CancellationCounter cancellations;
  private final BehaviourResolver resolver;

  private MockUpstream(Vertx vertx, String deploymentId, String host, int port,
      RequestJournal journal, CancellationCounter cancellations, BehaviourResolver resolver) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.host = host;
    this.port = port;
    this.journal = journal;
    this.cancellations = cancellations;
    this.resolver = resolver;
  }

  /** Listens on 127.0.0.1 at a free port with the default options. Blocks until ready. */
  public static MockUpstream start(Vertx vertx) {
    return start(vertx, MockOptions.defaults());
  }

  /** Listens on 127.0.0.1 at a free port. Blocks until ready, so never call it on an event loop. */
  public static MockUpstream start(Vertx vertx, MockOptions options) {
    return start(vertx, options, Binding.forTests(), Clock.systemUTC());
  }

  static MockUpstream start(Vertx vertx, MockOptions options, Binding binding, Clock clock) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(binding, "binding");
    Objects.requireNonNull(clock, "clock");
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("MockUpstream.start blocks; call it off the event loop");
    }
    RequestJournal journal = new RequestJournal(binding.recording());
    CancellationCounter cancellations = new CancellationCounter();
    BehaviourResolver resolver = new BehaviourResolver(options);
    MockHandler handler = new MockHandler(vertx, new Routes(vertx, options),
        new RequestReader(resolver), new RateLimitHeaders(clock), journal, cancellations);
    AtomicInteger boundPort = new AtomicInteger();
    String deploymentId = await(vertx.deployVerticle(
        () -> new ServerVerticle(binding, handler, boundPort),
        new DeploymentOptions().setInstances(binding.servers())), TIMEOUT);
    return new MockUpstream(vertx, deploymentId, binding.host(), boundPort.get(), journal,
        cancellations, resolver);
  }

  public int port() {
    return port;
  }

  /** {@code http://HOST:PORT/v1}, the base URL an OpenAI client or the gateway should use. */
  public String baseUrl() {
    String authority = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + authority + ":" + port + "/v1";
  }

  /** The requests received so far, in arrival order. */
  public List<RecordedRequest> requests() {
    return journal.snapshot();
  }

  /**
   * Waits until at least {@code count} requests have arrived and returns them all.
   *
   * @throws IllegalStateException naming how many arrived if the timeout passes first
   */
  public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
    return journal.await(count, timeout);
  }

  public void clearRequests() {
    journal.clear();
  }

  /**
   * From now on, requests with exactly this key behave as {@code directives} says (e.g. {@code
   * "status=429:retry-after=2"}) instead of as the key's own directives say; {@code ""} makes the
   * key behave normally.
   *
   * @throws IllegalArgumentException if a directive is unknown or its value malformed
   */
  public void overrideKey(String key, String directives) {
    resolver.override(key, directives);
  }

  public void clearOverrides() {
    resolver.clearOverrides();
  }

  /** Responses whose client connection closed before the mock finished writing them. */
  public int cancelledResponses() {
    return cancellations.get();
  }

  /**
   * Waits until at least {@code count} responses have been abandoned by their clients.
   *
   * @throws IllegalStateException naming the count reached if the timeout passes first
   */
  public void awaitCancelledResponses(int count, Duration timeout) {
    cancellations.await(count, timeout);
  }

  /** Stops listening and closes open connections; the Vert.x instance is left running. */
  @Override
  public void close() {
    if (!vertx.deploymentIDs().contains(deploymentId)) {
      return; // Already closed, or the Vert.x instance was closed first and took the server along.
    }
    Future<Void> undeployed = vertx.undeploy(deploymentId);
    if (!Context.isOnEventLoopThread()) {
      // On an event loop, waiting would stall the very loop that has to do the closing.
      await(undeployed, TIMEOUT);
    }
  }

  private static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the mock upstream", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("mock upstream failed: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("mock upstream did not respond within " + timeout, e);
    }
  }
}
