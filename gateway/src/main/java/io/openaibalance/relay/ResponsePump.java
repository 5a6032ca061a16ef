package io.openaibalance.relay;

import io.openaibalance.web.ApiError;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.TimeoutException;

/**
 * Relays a successful upstream response to the client as it arrives: every chunk is written as
 * is, the upstream is paused while the client's write queue is full, nothing is buffered or logged
 * per chunk.
 *
 * <p>The status and headers are held until the first body byte, so an upstream that fails between
 * its headers and its body is still retried invisibly. After that a failure cannot be retried: an
 * event stream ends with an OpenAI-style error event, any other body with a reset connection, so
 * the client never mistakes a cut response for a whole one.
 */
final class ResponsePump extends SilenceWatch.Watched {
  private static final Buffer BLANK_LINE = Buffer.buffer("\n\n");

  private final RelayContext context;
  private final HttpClientResponse upstream;
  private final Handler<Throwable> failedBeforeFirstByte;
  private final boolean eventStream;
  /** Set for JSON and event-stream bodies, whose end carries {@code usage}. */
  private final UsageTail usage;
  private boolean committed;
  private long lastActivityNanos;
  private long timeoutNanos;
  private SilenceWatch silenceWatch;
  /** The response ended or failed; a second report of the same failure changes nothing. */
  private boolean finished;
  /** The last two bytes written: whether they end an SSE event decides how an error event follows. */
  private byte lastByte = '\n';
  private byte byteBeforeLast = '\n';

  private ResponsePump(
      RelayContext context, HttpClientResponse upstream, Handler<Throwable> failedBeforeFirstByte) {
    this.context = context;
    this.upstream = upstream;
    this.failedBeforeFirstByte = failedBeforeFirstByte;
    String type = upstream.getHeader(HttpHeaders.CONTENT_TYPE);
    this.eventStream = type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17);
    boolean json = type != null && mentionsJson(type);
    this.usage = eventStream || json ? context.trackUsage(declaredLength(upstream)) : null;
  }

  private static long declaredLength(HttpClientResponse upstream) {
    String length = upstream.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Starts relaying {@code upstream}; {@code failedBeforeFirstByte} is told when the upstream
   * fails before anything reached the client, so another attempt can be made.
   */
  static void relay(
      Vertx vertx,
      RelayContext context, HttpClientResponse upstream, Handler<Throwable> failedBeforeFirstByte) {
    ResponsePump pump = new ResponsePump(context, upstream, failedBeforeFirstByte);
    upstream.handler(pump::onChunk);
    upstream.endHandler(pump::onEnd);
    upstream.exceptionHandler(pump::onFailure);
    pump.watchForSilence(vertx);
  }

  /**
   * {@code TIME_OUT} bounds the silence between bytes, not a stream's length: the event loop's
   * {@link SilenceWatch} compares the time of the last chunk, so a chunk costs a field write.
   */
  private void watchForSilence(Vertx vertx) {
    timeoutNanos = context.provider.settings().timeout().toNanos();
    lastActivityNanos = System.nanoTime();
    silenceWatch = SilenceWatch.current(vertx);
    silenceWatch.add(this);
  }

  @Override
  boolean silentAt(long nowNanos) {
    return finished || context.isClientGone() || nowNanos - lastActivityNanos > timeoutNanos;
  }

  @Override
  void silenced() {
    if (finished || context.isClientGone()) {
      return;
    }
    upstream.request().reset();
    onFailure(new TimeoutException("upstream silent longer than TIME_OUT"));
  }

  private void onChunk(Buffer chunk) {
    lastActivityNanos = System.nanoTime();
    if (context.isClientGone()) {
      return;
    }
    HttpServerResponse response = context.response;
    commit(response);
    response.write(chunk);
    trackEventBoundary(chunk);
    if (usage != null) {
      usage.append(chunk);
    }
    if (response.writeQueueFull()) {
      upstream.pause();
      response.drainHandler(ready -> upstream.resume());
    }
  }

  private void onEnd(Void ignored) {
    if (context.isClientGone() || finished) {
      return;
    }
    finish();
    commit(context.response);
    context.response.end();
  }

  private void onFailure(Throwable cause) {
    if (context.isClientGone() || finished) {
      return;
    }
    finish();
    if (!committed) {
      failedBeforeFirstByte.handle(cause);
      return;
    }
    HttpServerResponse response = context.response;
    if (eventStream) {
      if (lastByte != '\n' || byteBeforeLast != '\n') {
        response.write(BLANK_LINE);
      }
      response.end(
          ApiError.upstream(502, "upstream_stream_interrupted",
                  "The upstream connection broke mid-stream; the response is incomplete.")
              .toSseEvent());
    } else {
      response.reset();
    }
  }

  private void finish() {
    finished = true;
    if (silenceWatch != null) {
      silenceWatch.remove(this);
    }
  }

  private void commit(HttpServerResponse response) {
    if (committed) {
      return;
    }
    committed = true;
    context.firstByteSent();
    response.setStatusCode(upstream.statusCode());
    response.setStatusMessage(upstream.statusMessage());
    HeaderPolicy.copyToClient(upstream.headers(), response.headers());
    if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      response.setChunked(true);
    }
  }

  /** {@code application/json}, {@code ...+json}: a case-blind search without a lower-cased copy. */
  private static boolean mentionsJson(String contentType) {
    for (int i = 0; i + 4 <= contentType.length(); i++) {
      if (contentType.regionMatches(true, i, "json", 0, 4)) {
        return true;
      }
    }
    return false;
  }

  private void trackEventBoundary(Buffer chunk) {
    if (!eventStream) {
      return;
    }
    int n = chunk.length();
    if (n >= 2) {
      byteBeforeLast = chunk.getByte(n - 2);
      lastByte = chunk.getByte(n - 1);
    } else if (n == 1) {
      byteBeforeLast = lastByte;
      lastByte = chunk.getByte(0);
    }
  }
}
