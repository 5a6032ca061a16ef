package io.openaibalance.admin;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admin logins held on the server: a session is a random id (256 bits from {@link SecureRandom})
 * that expires a fixed time after login and can be ended by logout. The browser only holds the id,
 * in an HttpOnly cookie; nothing about the token is in it.
 */
final class AdminSessions {
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
  private final Clock clock;

  AdminSessions(Clock clock) {
    this.clock = clock;
  }

  /** A new session that lasts {@code lifetime}; returns its id. */
  String open(Duration lifetime) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = clock.instant();
    // Forget expired ones now and then, so abandoned sessions do not pile up.
    expiries.values().removeIf(expiry -> !expiry.isAfter(now));
    expiries.put(id, now.plus(lifetime));
    return id;
  }

  /** Whether {@code id} names a session that has not expired. */
  boolean valid(Optional<String> id) {
    if (id.isEmpty()) {
      return false;
    }
    Instant expiry = expiries.get(id.get());
    if (expiry == null) {
      return false;
    }
    if (!expiry.isAfter(clock.instant())) {
      expiries.remove(id.get());
      return false;
    }
    return true;
  }

  void close(Optional<String> id) {
    id.ifPresent(expiries::remove);
  }
}
