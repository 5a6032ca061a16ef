package io.openaibalance.keys;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where key health comes from at start and goes to on change: the stored health of each key (by
 * provider and key id) and the sink that persists changes. {@link #NONE} when nothing is stored.
 *
 * <p>The stored health may arrive after start, when the database was down then: {@link
 * #restored(Map)} makes it what new keys start from.
 */
public final class KeyStates {
  public static final KeyStates NONE = new KeyStates(Map.of(), KeyStateSink.NONE);

  private final AtomicReference<Map<String, KeyHealth>> restored;
  private final KeyStateSink sink;

  public KeyStates(Map<String, KeyHealth> restored, KeyStateSink sink) {
    this(new AtomicReference<>(Map.copyOf(restored)), sink);
  }

  private KeyStates(AtomicReference<Map<String, KeyHealth>> restored, KeyStateSink sink) {
    this.restored = restored;
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /**
   * The same stored health (also when it arrives later) with changes going to {@code sink}
   * instead, which usually passes them on to this one's sink as well.
   */
  public KeyStates withSink(KeyStateSink sink) {
    return new KeyStates(restored, sink);
  }

  public static String slot(String provider, String keyId) {
    return provider + "/" + keyId;
  }

  public KeyStateSink sink() {
    return sink;
  }

  /** The stored health, read from the database once it could be reached. */
  public void restored(Map<String, KeyHealth> stored) {
    this.restored.set(Map.copyOf(stored));
  }

  /** The health a key starts with: as stored, or fresh. */
  public KeyHealth initial(String provider, String keyId) {
    return Optional.ofNullable(restored.get().get(slot(provider, keyId))).orElse(KeyHealth.FRESH);
  }
}
