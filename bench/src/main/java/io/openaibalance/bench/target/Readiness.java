package io.openaibalance.bench.target;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits for a started process to serve. Polling is the one place the harness sleeps: it waits on
 * another process, which offers nothing to wait on but its port.
 */
final class Readiness {
  private static final long POLL_MS = 20;

  private Readiness() { }

  /** Waits for a TCP connect to succeed; returns the time since the process started. */
  static Duration awaitListening(ChildProcess child, String host, int port, Duration limit) {
    return await(child, limit, () -> {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 500);
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  /** Waits for {@code GET url} to answer 200; returns the time since the process started. */
  static Duration awaitHealthy(ChildProcess child, URI url, Duration limit) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build();
    return await(child, limit, () -> {
      try {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      }
    });
  }

  private interface Probe {
    boolean ready() throws InterruptedException;
  }

  private static Duration await(ChildProcess child, Duration limit, Probe probe) {
    long deadline = System.nanoTime() + limit.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (!child.alive()) {
          throw new IllegalStateException(child.label() + " exited before it was ready:\n"
              + child.logTail());
        }
        if (probe.ready()) {
          return Duration.ofNanos(System.nanoTime() - child.startedNanos());
        }
        Thread.sleep(POLL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + child.label(), e);
    }
    throw new IllegalStateException(child.label() + " was not ready within " + limit.toSeconds()
        + " s:\n" + child.logTail());
  }
}
