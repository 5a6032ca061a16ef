package io.openaibalance.cluster;

import io.openaibalance.keys.KeyHealth;
import java.time.Instant;
import java.util.Optional;

/**
 * What a local transition of a key's health means for the agreed health, as one of the few
 * operations the shared state knows. Sending the operation rather than the result is what makes
 * failures count across instances: two instances each counting one failure add up to two.
 *
 * @param op the operation, as the script in {@link SharedKeyState} names it
 * @param number {@code MAX_FAILURES} of a fault, or the failure count of a put
 * @param disabled the disabled flag of a put
 * @param cooling epoch millis: a cooldown's end, a reset's cooldown, a put's cooldown
 * @param error the failure's short description, when the transition recorded one
 * @param errorAt epoch millis of that failure
 */
record KeyChange(Op op, int number, boolean disabled, long cooling, Optional<String> error,
    long errorAt) {

  enum Op {
    /** One more key-caused failure; disabled once the agreed count reaches {@code number}. */
    FAULT,
    /** A rate limit: the agreed cooldown is extended to {@code cooling}. */
    COOL,
    /** An admin's decision. */
    DISABLE,
    /** A success, a passing check or an admin's enable: count and disabled flag cleared. */
    RESET,
    /** This instance's health is newer than the agreed one (a change made while Redis was away). */
    PUT,
    /** This instance's health, unless the cluster already agreed on one (Redis started empty). */
    SEED;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The operation that turned {@code before} into {@code after}; empty when nothing the cluster
   * shares changed.
   *
   * @param maxFailures the provider's {@code MAX_FAILURES}
   */
  static Optional<KeyChange> between(KeyHealth before, KeyHealth after, int maxFailures) {
    long cooling = after.coolingUntil().toEpochMilli();
    Optional<String> error = after.lastError().equals(before.lastError())
        && after.lastErrorAt().equals(before.lastErrorAt()) ? Optional.empty() : after.lastError();
    long errorAt = after.lastErrorAt().map(Instant::toEpochMilli).orElse(0L);
    if (after.failures() > before.failures()) {
      return Optional.of(new KeyChange(Op.FAULT, maxFailures, false, 0, error, errorAt));
    }
    if (after.coolingUntil().isAfter(before.coolingUntil())) {
      return Optional.of(new KeyChange(Op.COOL, 0, false, cooling, error, errorAt));
    }
    if (after.disabled() && !before.disabled()) {
      return Optional.of(new KeyChange(Op.DISABLE, 0, true, 0, Optional.empty(), 0));
    }
    if (after.failures() < before.failures() || (before.disabled() && !after.disabled())
        || after.coolingUntil().isBefore(before.coolingUntil())) {
      return Optional.of(new KeyChange(Op.RESET, 0, false, cooling, Optional.empty(), 0));
    }
    return Optional.empty();
  }

  /** The whole of {@code health}, replacing the agreed one ({@link Op#PUT}) or seeding it. */
  static KeyChange of(Op op, KeyHealth health) {
    return new KeyChange(op, health.failures(), health.disabled(),
        health.coolingUntil().toEpochMilli(), health.lastError(),
        health.lastErrorAt().map(Instant::toEpochMilli).orElse(0L));
  }
}
