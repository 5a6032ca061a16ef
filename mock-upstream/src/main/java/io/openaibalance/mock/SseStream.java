package io.openaibalance.mock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/**
 * Writes one streamed completion, shaped by the behaviour: chunk count and spacing, an abrupt
 * drop or a silent hang part-way, and optional non-data SSE lines. Runs on the connection's event
 * loop; spacing uses Vert.x timers.
 */
final class SseStream {
  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PING = "event: ping\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  private final Vertx vertx;
  private final Exchange exchange;
  private final HttpServerResponse response;
  private final ChunkFormat format;
  private final Behaviour behaviour;
  private final boolean includeUsage;
  // Content chunks written before the stream is interrupted, or -1 to run to completion.
  private final int interruptAt;
  private final boolean dropping;
  private int sent;
  private long timer = -1;
  private Future<Void> lastWrite;

  SseStream(Vertx vertx, Exchange exchange, ChunkFormat format, Behaviour behaviour,
      boolean includeUsage) {
    this.vertx = vertx;
    this.exchange = exchange;
    this.response = exchange.response();
    this.format = format;
    this.behaviour = behaviour;
    this.includeUsage = includeUsage;
    int drop = behaviour.dropAfter();
    int hang = behaviour.hangAfter();
    this.dropping = drop >= 0 && (hang < 0 || drop <= hang);
    int interruptAfter = dropping ? drop : hang;
    // A drop or hang past the last content chunk still happens, just before the finishing chunk.
    this.interruptAt = interruptAfter < 0 ? -1 : Math.min(interruptAfter, behaviour.chunks());
  }

  void start() {
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-cache");
    exchange.onClientGone(this::stopTimer);
    // Headers go out now, so time-to-first-byte is what the ttfb directive says even if the
    // first chunk is late or never comes.
    lastWrite = behaviour.sseExtras()
        ? response.write(Buffer.buffer(KEEP_ALIVE))
        : response.writeHead();
    pump();
  }

  private void pump() {
    timer = -1;
    while (!exchange.clientGone()) {
      if (sent == interruptAt) {
        if (dropping) {
          exchange.drop(lastWrite);
        }
        // Hanging: write nothing more and keep the connection open until the client leaves.
        return;
      }
      if (sent == behaviour.chunks()) {
        exchange.end(finishing());
        return;
      }
      if (behaviour.sseExtras() && sent > 0) {
        response.write(Buffer.buffer(PING));
      }
      lastWrite = response.write(format.content(sent++));
      if (behaviour.intervalMs() > 0) {
        timer = vertx.setTimer(behaviour.intervalMs(), id -> pump());
        return;
      }
      if (response.writeQueueFull()) {
        response.drainHandler(ignored -> pump());
        return;
      }
    }
  }

  private Buffer finishing() {
    Buffer tail = format.finish();
    if (includeUsage) {
      tail.appendBuffer(format.usage(behaviour.chunks()));
    }
    return tail.appendBytes(DONE);
  }

  private void stopTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
