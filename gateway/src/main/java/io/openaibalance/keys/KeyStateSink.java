package io.openaibalance.keys;

/**
 * Hears of every change of a key's health, on the thread that made it (often an event loop), so
 * it must only note the change and return: persisting happens elsewhere, behind the request.
 */
@FunctionalInterface
public interface KeyStateSink {
  KeyStateSink NONE = (provider, key) -> { };

  void changed(String provider, PooledKey key);
}
