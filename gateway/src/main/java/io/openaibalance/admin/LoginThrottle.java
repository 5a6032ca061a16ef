package io.openaibalance.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down token guessing: after {@link #FAILURES} failed logins from one client address within
 * {@link #WINDOW}, that address must wait until the oldest of them leaves the window.
 */
final class LoginThrottle {
  static final int FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(1);
  /** Addresses remembered at most, so a flood of addresses cannot grow memory without bound. */
  private static final int ADDRESSES = 10_000;

  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long {@code address} must wait before trying again; empty when it may try now. */
  Optional<Duration> wait(String address) {
    Deque<Instant> recent = failures.get(address);
    if (recent == null) {
      return Optional.empty();
    }
    synchronized (recent) {
      Instant now = clock.instant();
      while (!recent.isEmpty() && !recent.peekFirst().plus(WINDOW).isAfter(now)) {
        recent.pollFirst();
      }
      if (recent.size() < FAILURES) {
        return Optional.empty();
      }
      return Optional.of(Duration.between(now, recent.peekFirst().plus(WINDOW)));
    }
  }

  void failed(String address) {
    if (failures.size() >= ADDRESSES) {
      failures.clear();
    }
    Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (recent) {
      recent.addLast(clock.instant());
      while (recent.size() > FAILURES) {
        recent.pollFirst();
      }
    }
  }

  void succeeded(String address) {
    failures.remove(address);
  }
}
