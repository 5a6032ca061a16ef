package io.openaibalance.relay;

import io.vertx.core.Vertx;

/**
 * Watches every live response of one event loop for an upstream that went silent longer than its
 * {@code TIME_OUT}, with one periodic sweep per event loop. A response joins and leaves an
 * intrusive list (its own links, no allocation, no timer of its own): a timer per response cost a
 * scheduled task and a concurrent-map entry each, measurable at tens of thousands of requests a
 * second. Only its event loop touches a watch, so it takes no lock.
 */
final class SilenceWatch {
  /** How late a timeout may be noticed; small against any sensible {@code TIME_OUT}. */
  static final long SWEEP_MS = 100;
  private static final ThreadLocal<SilenceWatch> PER_EVENT_LOOP = new ThreadLocal<>();

  /** What the watch needs of a response. */
  abstract static class Watched {
    private Watched previous;
    private Watched next;
    private boolean listed;

    /** Whether nothing arrived for longer than allowed, as of {@code nowNanos}. */
    abstract boolean silentAt(long nowNanos);

    /** Gives up on the upstream: called once, on the event loop. */
    abstract void silenced();
  }

  private final Vertx vertx;
  private Watched head;
  private boolean sweeping;

  private SilenceWatch(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The watch of the calling event loop. */
  static SilenceWatch current(Vertx vertx) {
    SilenceWatch watch = PER_EVENT_LOOP.get();
    if (watch == null || watch.vertx != vertx) {
      watch = new SilenceWatch(vertx);
      PER_EVENT_LOOP.set(watch);
    }
    return watch;
  }

  void add(Watched response) {
    if (response.listed) {
      return;
    }
    response.listed = true;
    response.previous = null;
    response.next = head;
    if (head != null) {
      head.previous = response;
    }
    head = response;
    if (!sweeping) {
      // Runs as long as the event loop does; ten cheap sweeps a second whether busy or idle.
      sweeping = true;
      vertx.setPeriodic(SWEEP_MS, id -> sweep());
    }
  }

  void remove(Watched response) {
    if (!response.listed) {
      return;
    }
    response.listed = false;
    if (response.previous != null) {
      response.previous.next = response.next;
    } else {
      head = response.next;
    }
    if (response.next != null) {
      response.next.previous = response.previous;
    }
    response.previous = null;
    response.next = null;
  }

  private void sweep() {
    long now = System.nanoTime();
    Watched response = head;
    while (response != null) {
      Watched next = response.next;
      if (response.silentAt(now)) {
        remove(response);
        response.silenced();
      }
      response = next;
    }
  }
}
