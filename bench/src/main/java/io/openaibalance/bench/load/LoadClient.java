package io.openaibalance.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/**
 * Sends the scenario's request to one target over a pool of keep-alive HTTP/1.1 connections and
 * times it. Callbacks, not composed futures, keep the per-request cost of the driver small: it
 * shares the machine with the targets.
 */
public final class LoadClient implements AutoCloseable {
  private static final String PATH = "/v1/chat/completions";
  /** Long enough for the slowest stream's silence (100 ms chunks), short enough to end a hang. */
  private static final long IDLE_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);

  private final HttpClient client;
  private final RequestOptions options;
  private final byte[] body;

  /**
   * @param connections the most connections held at once; requests beyond it wait in the pool's
   *     queue, and an open-loop request's wait counts in its latency
   */
  public LoadClient(Vertx vertx, Endpoint endpoint, RequestShape shape, int connections) {
    this.client = vertx.httpClientBuilder()
        .with(new HttpClientOptions()
            .setKeepAlive(true)
            .setTcpNoDelay(true)
            .setConnectTimeout(10_000)
            .setDecompressionSupported(false))
        .with(new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1))
        .build();
    this.options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(endpoint.host())
        .setPort(endpoint.port())
        .setURI(PATH)
        .setIdleTimeout(IDLE_TIMEOUT_MS)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + endpoint.bearer());
    this.body = shape.body();
  }

  /** Sends one request now; {@code done} is called once, on the client's event loop. */
  void send(Handler<Outcome> done) {
    long start = System.nanoTime();
    client.request(options)
        .compose(request -> request.send(Buffer.buffer(body)))
        .onComplete(sent -> {
          if (sent.failed()) {
            done.handle(new Outcome(start, -1, System.nanoTime(), 0, describe(sent.cause())));
          } else {
            read(start, sent.result(), done);
          }
        });
  }

  private static void read(long start, HttpClientResponse response, Handler<Outcome> done) {
    ResponseReader reader = new ResponseReader(start, response.statusCode(), done);
    response.handler(chunk -> reader.arrived(System.nanoTime()));
    response.exceptionHandler(failure -> reader.finish(describe(failure)));
    response.endHandler(ended -> reader.finish(null));
  }

  private static String describe(Throwable failure) {
    return failure.getClass().getSimpleName();
  }

  @Override
  public void close() {
    Future<Void> closed = client.close();
    closed.toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  /**
   * Times one response's body chunks and reports it once: a connection lost mid-body calls the
   * exception handler and never the end handler, a failing end may call both.
   */
  private static final class ResponseReader {
    private final long start;
    private final int status;
    private final Handler<Outcome> done;
    private long first = -1;
    private long last = -1;
    private long largestGap;
    private boolean finished;

    ResponseReader(long start, int status, Handler<Outcome> done) {
      this.start = start;
      this.status = status;
      this.done = done;
    }

    void arrived(long now) {
      if (first < 0) {
        first = now;
      } else {
        largestGap = Math.max(largestGap, now - last);
      }
      last = now;
    }

    void finish(String failure) {
      if (finished) {
        return;
      }
      finished = true;
      String reason = failure != null ? failure : status / 100 == 2 ? null : "status " + status;
      done.handle(new Outcome(start, first, System.nanoTime(), largestGap, reason));
    }
  }
}
