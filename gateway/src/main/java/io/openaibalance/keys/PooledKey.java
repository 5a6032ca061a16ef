package io.openaibalance.keys;

import io.openaibalance.secret.Secret;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One upstream key and its live health. The health is swapped atomically (compare-and-set of an
 * immutable {@link KeyHealth}), so concurrent outcomes on different event loops never lose an
 * update and the hot path takes no lock.
 */
public final class PooledKey {
  private final Secret secret;
  private final String id;
  private final AtomicReference<KeyHealth> health;
  private final Transitions onChange;

  /** Hears of every transition of a key's health, on the thread that made it. */
  @FunctionalInterface
  public interface Transitions {
    void changed(PooledKey key, KeyHealth before, KeyHealth after);
  }

  public PooledKey(Secret secret, KeyHealth initial) {
    this(secret, initial, (key, before, after) -> { });
  }

  /**
   * @param onChange told after every transition that changed the health (never for a success on
   *     a healthy key, so the common case costs nothing)
   */
  public PooledKey(Secret secret, KeyHealth initial, Transitions onChange) {
    this.secret = Objects.requireNonNull(secret, "secret");
    this.id = secret.id();
    this.health = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    this.onChange = Objects.requireNonNull(onChange, "onChange");
  }

  public Secret secret() {
    return secret;
  }

  /** Stable across restarts and instances; safe to show and to put in URLs. */
  public String id() {
    return id;
  }

  public KeyHealth health() {
    return health.get();
  }

  public boolean usable(Instant now) {
    return health.get().usable(now);
  }

  /** A 2xx answer: the key works, so its failure count starts over. */
  public void recordSuccess() {
    // The usual case changes nothing: reading first spares every request a compare-and-set on a
    // field that all event loops share.
    KeyHealth now = health.get();
    if (now.failures() != 0 || now.disabled()) {
      update(KeyHealth::afterSuccess);
    }
  }

  /** A failure that is the key's fault; at {@code maxFailures} the key is disabled. */
  public KeyHealth recordKeyFault(String error, Instant at, int maxFailures) {
    return update(h -> h.afterKeyFault(error, at, maxFailures));
  }

  /** A rate limit: skip the key until {@code until}; it does not count towards disabling. */
  public KeyHealth recordRateLimit(String error, Instant at, Instant until) {
    return update(h -> h.afterRateLimit(error, at, until));
  }

  /** An admin's or a check's decision. Enabling also clears the failure count and cooldown. */
  public void setDisabled(boolean disabled) {
    update(h -> h.withDisabled(disabled));
  }

  /**
   * Takes the stored health read late (the database was down at start), unless this key's health
   * already changed since start: what happened since is newer than what was stored.
   *
   * @return whether the stored health was taken
   */
  public boolean restore(KeyHealth stored) {
    return health.compareAndSet(KeyHealth.FRESH, stored);
  }

  /**
   * Takes the health the instances of a cluster agreed on. The listener is not told: the change is
   * not this process's own, so it must not be published, persisted or counted again here.
   *
   * @return the health it replaced
   */
  public KeyHealth adopt(KeyHealth shared) {
    return health.getAndSet(Objects.requireNonNull(shared, "shared"));
  }

  private KeyHealth update(UnaryOperator<KeyHealth> transition) {
    KeyHealth before;
    KeyHealth after;
    do {
      before = health.get();
      after = transition.apply(before);
    } while (!health.compareAndSet(before, after));
    if (after != before) {
      onChange.changed(this, before, after);
    }
    return after;
  }

  @Override
  public String toString() {
    return "PooledKey[" + secret.masked() + "]";
  }
}
