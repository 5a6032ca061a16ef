package io.openaibalance.keys;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A provider's keys in a fixed order, handed out round robin. Choosing a key costs one atomic
 * increment plus a scan over the keys that are unusable right now, so a healthy pool costs the same
 * with three keys or ten thousand.
 */
public final class KeyPool {
  private final PooledKey[] keys;
  private final AtomicInteger cursor = new AtomicInteger();

  public KeyPool(List<PooledKey> keys) {
    this.keys = keys.toArray(PooledKey[]::new);
  }

  public List<PooledKey> keys() {
    return List.of(keys);
  }

  public int size() {
    return keys.length;
  }

  /**
   * The next usable key in round-robin order that {@code skip} does not reject, or empty.
   *
   * @param skip keys this request already tried
   */
  public Optional<PooledKey> next(Instant now, Predicate<PooledKey> skip) {
    int n = keys.length;
    if (n == 0) {
      return Optional.empty();
    }
    int start = Math.floorMod(cursor.getAndIncrement(), n);
    for (int i = 0; i < n; i++) {
      PooledKey key = keys[(start + i) % n];
      if (key.usable(now) && !skip.test(key)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** Why no key can be had: explains a 429 (cooling) or a 503 (all disabled, or none at all). */
  public Exhaustion exhaustion(Instant now) {
    Instant earliest = null;
    for (PooledKey key : keys) {
      KeyHealth health = key.health();
      if (!health.disabled()) {
        Instant until = health.coolingUntil().isAfter(now) ? health.coolingUntil() : now;
        if (earliest == null || until.isBefore(earliest)) {
          earliest = until;
        }
      }
    }
    return new Exhaustion(keys.length, Optional.ofNullable(earliest));
  }

  /**
   * @param keyCount keys in the pool
   * @param earliestUsable when the first non-disabled key comes out of cooldown; empty when every
   *     key is disabled (or there is none)
   */
  public record Exhaustion(int keyCount, Optional<Instant> earliestUsable) {}
}
