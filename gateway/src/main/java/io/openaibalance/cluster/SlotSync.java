package io.openaibalance.cluster;

import io.openaibalance.keys.KeyHealth;
import io.openaibalance.keys.PooledKey;
import java.util.Optional;

/**
 * Orders what one key hears from the cluster, so its local health only ever moves forward.
 *
 * <p>Answers to this instance's own changes and peers' messages arrive on different connections,
 * in any order. Each carries the version Redis gave it; only a version newer than the last one
 * adopted is taken. While this instance still waits for answers to its own changes, nothing is
 * adopted: its latest answer will include everything before it, and adopting an older state
 * meanwhile would briefly undo the local change (a cooldown would lift for a moment).
 */
final class SlotSync {
  /** A health taken from the cluster, and the one it replaced. */
  record Adoption(KeyHealth before, SharedHealth after) {}

  private int pending;
  private long seen;
  private SharedHealth best;

  synchronized void sent() {
    pending++;
  }

  /** The answer to one of this instance's changes (empty: it failed). */
  synchronized Optional<Adoption> answered(PooledKey key, Optional<SharedHealth> answer) {
    pending = Math.max(0, pending - 1);
    answer.ifPresent(this::offer);
    return settle(key);
  }

  /** A state another instance produced, or read on reconnection. */
  synchronized Optional<Adoption> heard(PooledKey key, SharedHealth state) {
    offer(state);
    return settle(key);
  }

  /** After a reconnection: Redis may have restarted, and counts versions from one again. */
  synchronized void forget() {
    pending = 0;
    seen = 0;
    best = null;
  }

  private void offer(SharedHealth state) {
    if (best == null || state.version() > best.version()) {
      best = state;
    }
  }

  private Optional<Adoption> settle(PooledKey key) {
    if (pending > 0 || best == null || best.version() <= seen) {
      return Optional.empty();
    }
    SharedHealth taken = best;
    best = null;
    seen = taken.version();
    // Under the lock, so two settlements never adopt in the wrong order.
    KeyHealth before = key.adopt(taken.health());
    return before.equals(taken.health()) ? Optional.empty()
        : Optional.of(new Adoption(before, taken));
  }
}
