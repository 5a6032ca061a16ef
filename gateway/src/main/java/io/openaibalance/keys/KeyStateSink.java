package io.openaibalance.keys;

import java.util.List;
import java.util.Map;

/**
 * Hears of every change of a key's health, on the thread that made it (often an event loop), so
 * it must only note the change and return: persisting happens elsewhere, behind the request.
 */
@FunctionalInterface
public interface KeyStateSink {
  KeyStateSink NONE = (provider, key, before, after) -> { };

  /** {@code key}'s health went from {@code before} to {@code after} (now its health). */
  void changed(String provider, PooledKey key, KeyHealth before, KeyHealth after);

  /**
   * Told after every configuration swap (and at start) which keys serve traffic now, by provider:
   * a store adds rows for new keys and forgets keys that left the configuration. Returns at once.
   */
  default void live(Map<String, List<PooledKey>> keysByProvider) {}
}
