package io.openaibalance.keys;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One turn in a key's history, for the admin pages: when and why it was disabled, put in a
 * cooldown, or brought back.
 *
 * @param detail the failure that caused it ({@code HTTP 401 invalid_api_key}), without secrets
 * @param until the cooldown's end, for {@link Kind#COOLING}
 */
public record KeyEvent(Instant at, String provider, String keyId, Kind kind,
    Optional<String> detail, Optional<Instant> until) {

  public enum Kind { DISABLED, COOLING, ENABLED }

  public KeyEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(until, "until");
  }

  /**
   * The event a transition makes, if it is one worth keeping: a failure counted without reaching
   * {@code MAX_FAILURES}, or a cooldown extended while already cooling, is not.
   *
   * @param now when the transition happened
   */
  public static Optional<KeyEvent> of(String provider, String keyId, KeyHealth before,
      KeyHealth after, Instant now) {
    if (!before.disabled() && after.disabled()) {
      return Optional.of(new KeyEvent(now, provider, keyId, Kind.DISABLED, after.lastError(),
          Optional.empty()));
    }
    if (before.disabled() && !after.disabled()) {
      return Optional.of(new KeyEvent(now, provider, keyId, Kind.ENABLED, Optional.empty(),
          Optional.empty()));
    }
    if (!before.coolingUntil().isAfter(now) && after.coolingUntil().isAfter(now)) {
      return Optional.of(new KeyEvent(now, provider, keyId, Kind.COOLING, after.lastError(),
          Optional.of(after.coolingUntil())));
    }
    return Optional.empty();
  }
}
