package io.openaibalance.config;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link Settings} snapshot. Readers on the hot path call {@link #current()}, a plain
 * volatile read; a change swaps in a whole new snapshot, then tells the listeners.
 */
public final class SettingsHolder {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsHolder.class);

  private final AtomicReference<Settings> current;
  private final List<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();

  public SettingsHolder(Settings initial) {
    this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
  }

  public Settings current() {
    return current.get();
  }

  /**
   * Swaps in {@code next}, then calls every listener with it on this thread. Replacements are
   * serialised so listeners see snapshots in the order they were swapped in; readers never wait.
   */
  public synchronized void replace(Settings next) {
    Objects.requireNonNull(next, "next");
    current.set(next);
    for (Consumer<Settings> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        // One failing listener must not keep the others on the old snapshot.
        LOG.error("a settings listener failed; the new settings stay in force", e);
      }
    }
  }

  /** Calls {@code listener} after each swap; it should hand slow work to another thread. */
  public void onChange(Consumer<Settings> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }
}
