package io.openaibalance.store;

import io.openaibalance.keys.KeyEvent;
import io.openaibalance.keys.KeyHealth;
import io.openaibalance.keys.KeyStateSink;
import io.openaibalance.keys.KeyStates;
import io.openaibalance.keys.PooledKey;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists key health behind the request path. A change only marks its key dirty (one map write on
 * the event loop); a worker thread writes the current health of every dirty key in one batch a few
 * times a second. Many changes of one key between flushes cost one row write, the memory used is
 * bounded by the number of keys, and a failed write leaves the keys dirty for the next flush, so a
 * database outage loses nothing that is still in memory.
 */
public final class KeyStateWriteBehind implements KeyStateSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyStateWriteBehind.class);
  private static final long FLUSH_EVERY_MS = 250;

  private record Dirty(String provider, PooledKey key) {}

  private final KeyStateRepository repository;
  private final Clock clock;
  private final Consumer<KeyEvent> history;
  private final Map<String, Dirty> dirty = new ConcurrentHashMap<>();
  /** Slots that have a row, as far as this writer knows. */
  private final Set<String> storedSlots = ConcurrentHashMap.newKeySet();
  /** Rows of keys that left the configuration, to delete on the next flush. */
  private final Set<String> removedSlots = ConcurrentHashMap.newKeySet();
  /** The slots that serve traffic; null until the gateway first says (nothing is filtered). */
  private volatile Set<String> liveSlots;
  /** The keys that serve traffic, by provider, as last announced. */
  private Map<String, List<PooledKey>> liveKeys = Map.of();
  /**
   * Guards the live keys and reconciling them; never held across I/O (flushing holds the object's
   * own monitor), so announcing keys never waits on the database.
   */
  private final Object reconciling = new Object();
  /** Set once the database is migrated and its stored health read; nothing is written before. */
  private volatile boolean attached;
  private final ScheduledExecutorService worker;
  private boolean failing;
  private final java.util.concurrent.atomic.AtomicLong failedFlushes =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * Writes nothing until {@link #attach} says the database is ready.
   *
   * @param history takes the turns of keys' histories (disabled, cooling, enabled); it must not
   *     block
   */
  public KeyStateWriteBehind(KeyStateRepository repository, Clock clock,
      Consumer<KeyEvent> history) {
    this.repository = repository;
    this.clock = clock;
    this.history = history;
    this.worker = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "key-state-writer");
      thread.setDaemon(true);
      return thread;
    });
    worker.scheduleWithFixedDelay(
        this::flush, FLUSH_EVERY_MS, FLUSH_EVERY_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void changed(String provider, PooledKey key, KeyHealth before, KeyHealth after) {
    dirty.put(KeyStates.slot(provider, key.id()), new Dirty(provider, key));
    KeyEvent.of(provider, key.id(), before, after, clock.instant()).ifPresent(history);
  }

  /**
   * Reconciles the rows with the configuration: a key new to it gets a row (with its current
   * health), a key that left it loses its row unless the admin added it. Keys that stay keep
   * their row, so their state survives every reload.
   */
  @Override
  public void live(Map<String, List<PooledKey>> keysByProvider) {
    synchronized (reconciling) {
      liveKeys = Map.copyOf(keysByProvider);
      if (attached) {
        reconcile();
      }
    }
  }

  /**
   * The database is migrated and {@code stored} is the health it holds, by slot: live keys whose
   * health has not changed since start take it (the database was down at start), the others keep
   * theirs, which is newer and will be written. From now on changes are written.
   */
  public void attach(Map<String, KeyHealth> stored) {
    synchronized (reconciling) {
      storedSlots.addAll(stored.keySet());
      liveKeys.forEach((provider, keys) -> {
        for (PooledKey key : keys) {
          KeyHealth health = stored.get(KeyStates.slot(provider, key.id()));
          if (health != null) {
            key.restore(health);
          }
        }
      });
      attached = true;
      reconcile();
    }
  }

  private void reconcile() {
    Set<String> live = new HashSet<>();
    liveKeys.forEach((provider, keys) -> {
      for (PooledKey key : keys) {
        String slot = KeyStates.slot(provider, key.id());
        live.add(slot);
        if (!storedSlots.contains(slot)) {
          dirty.putIfAbsent(slot, new Dirty(provider, key));
        }
      }
    });
    liveSlots = Set.copyOf(live);
    removedSlots.removeIf(live::contains);
    for (String slot : storedSlots) {
      if (!live.contains(slot)) {
        removedSlots.add(slot);
      }
    }
  }

  /** Writes every dirty key and deletes removed ones now; on the worker, or on the caller at close. */
  synchronized void flush() {
    if (!attached || (dirty.isEmpty() && removedSlots.isEmpty())) {
      return;
    }
    Set<String> live = liveSlots;
    List<Dirty> batch = new ArrayList<>();
    for (String slot : List.copyOf(dirty.keySet())) {
      Dirty entry = dirty.remove(slot);
      // A request that began before a reload may still change a key the reload removed.
      if (entry != null && (live == null || live.contains(slot))) {
        batch.add(entry);
      }
    }
    List<String> removed = List.copyOf(removedSlots);
    List<StoredKeyState> states = new ArrayList<>(batch.size());
    for (Dirty entry : batch) {
      states.add(new StoredKeyState(entry.provider(), entry.key().id(),
          entry.key().secret().masked(), entry.key().health(), clock.instant()));
    }
    try {
      repository.saveAll(states);
      batch.forEach(entry -> storedSlots.add(KeyStates.slot(entry.provider(), entry.key().id())));
      repository.deleteConfiguredKeys(removed);
      removed.forEach(slot -> {
        storedSlots.remove(slot);
        removedSlots.remove(slot);
      });
      if (failing) {
        LOG.info("Key state is written to the database again");
        failing = false;
      }
    } catch (SQLException | RuntimeException e) {
      // Newer changes made meanwhile win; the rest wait for the next flush.
      batch.forEach(entry -> dirty.putIfAbsent(KeyStates.slot(entry.provider(), entry.key().id()), entry));
      failedFlushes.incrementAndGet();
      if (!failing) {
        LOG.warn("Cannot write key state to the database ({}); {} keys wait in memory and are retried",
            e.getClass().getSimpleName(), dirty.size());
        failing = true;
      }
    }
  }

  /** Flushes that failed and left their keys waiting (for metrics and tests). */
  public long failedFlushes() {
    return failedFlushes.get();
  }

  /** Keys whose latest health is not in the database yet. */
  public int pending() {
    return dirty.size();
  }

  /** Stops the worker after a last flush. */
  @Override
  public void close() {
    worker.shutdown();
    try {
      worker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
