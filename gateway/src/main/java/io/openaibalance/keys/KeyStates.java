package io.openaibalance.keys;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where key health comes from at start and goes to on change: the stored health of each key (by
 * provider and key id) and the sink that persists changes. {@link #NONE} when nothing is stored.
 */
public record KeyStates(Map<String, KeyHealth> restored, KeyStateSink sink) {
  public static final KeyStates NONE = new KeyStates(Map.of(), KeyStateSink.NONE);

  public KeyStates {
    restored = Map.copyOf(restored);
    Objects.requireNonNull(sink, "sink");
  }

  public static String slot(String provider, String keyId) {
    return provider + "/" + keyId;
  }

  /** The health a key starts with: as stored, or fresh. */
  public KeyHealth initial(String provider, String keyId) {
    return Optional.ofNullable(restored.get(slot(provider, keyId))).orElse(KeyHealth.FRESH);
  }
}
