package io.openaibalance.keys;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A key's health at one moment; immutable, replaced whole on every transition so readers on the
 * hot path never see half an update.
 *
 * @param failures key-caused failures since the last success
 * @param disabled set once {@code failures} reached the provider's {@code MAX_FAILURES}, or by an
 *     admin; cleared by a success, a passing check or an admin
 * @param coolingUntil the key is skipped until then (epoch; {@link Instant#EPOCH} when not cooling)
 * @param lastError the last failure's short description, without secrets
 * @param lastErrorAt when it happened
 */
public record KeyHealth(
    int failures,
    boolean disabled,
    Instant coolingUntil,
    Optional<String> lastError,
    Optional<Instant> lastErrorAt) {

  public static final KeyHealth FRESH =
      new KeyHealth(0, false, Instant.EPOCH, Optional.empty(), Optional.empty());

  public KeyHealth {
    Objects.requireNonNull(coolingUntil, "coolingUntil");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(lastErrorAt, "lastErrorAt");
  }

  public KeyStatus status(Instant now) {
    if (disabled) {
      return KeyStatus.DISABLED;
    }
    return coolingUntil.isAfter(now) ? KeyStatus.COOLING : KeyStatus.ACTIVE;
  }

  public boolean usable(Instant now) {
    return !disabled && !coolingUntil.isAfter(now);
  }

  KeyHealth afterSuccess() {
    if (failures == 0 && !disabled) {
      return this;
    }
    return new KeyHealth(0, false, coolingUntil, lastError, lastErrorAt);
  }

  KeyHealth afterKeyFault(String error, Instant at, int maxFailures) {
    int counted = failures + 1;
    return new KeyHealth(
        counted, disabled || counted >= maxFailures, coolingUntil, Optional.of(error), Optional.of(at));
  }

  KeyHealth afterRateLimit(String error, Instant at, Instant until) {
    Instant later = until.isAfter(coolingUntil) ? until : coolingUntil;
    return new KeyHealth(failures, disabled, later, Optional.of(error), Optional.of(at));
  }

  KeyHealth withDisabled(boolean value) {
    return new KeyHealth(value ? failures : 0, value, value ? coolingUntil : Instant.EPOCH,
        lastError, lastErrorAt);
  }
}
