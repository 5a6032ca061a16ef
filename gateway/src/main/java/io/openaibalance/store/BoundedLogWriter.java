package io.openaibalance.store;

import java.sql.SQLException;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log rows written behind the request path (the request log, the error log). A record is offered
 * to a bounded queue (the event loop never waits); a worker thread inserts what it drains in
 * batches. While the database fails, the worker keeps its current batch and retries it; the queue
 * fills up to its bound, and records beyond it are dropped and counted, never turned into an
 * error for a client.
 *
 * @param <T> the record type
 */
public final class BoundedLogWriter<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BoundedLogWriter.class);

  /** Inserts one batch in one transaction. */
  @FunctionalInterface
  public interface BatchInsert<T> {
    void insertAll(Collection<T> batch) throws SQLException;

    /** Called once at a stop, after the last batch was written. */
    default void drained() throws SQLException {}
  }
  static final int DEFAULT_CAPACITY = 20_000;
  /**
   * Rows per transaction: a gathering window's worth at 20,000 requests a second, so a busy
   * gateway commits about ten times a second.
   */
  private static final int BATCH = 2_000;
  /**
   * How long a batch waits to fill before it is written. Each write is one transaction, and a
   * commit (an fsync on SQLite) costs far more than a row: at 1,000 requests a second, writing as
   * records arrive made a commit per few rows and doubled the gateway's CPU per request.
   */
  private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final String name;
  private final BatchInsert<T> inserter;
  private final BlockingQueue<T> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread worker;
  private volatile boolean running = true;
  /** After close, how long the worker keeps retrying what is left. */
  private volatile long giveUpAtNanos = Long.MAX_VALUE;
  private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(8);

  /** @param name what the rows are, for thread names and log lines (e.g. {@code request-log}) */
  public BoundedLogWriter(String name, BatchInsert<T> inserter, int capacity) {
    this.name = name;
    this.inserter = inserter;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = new Thread(this::work, name + "-writer");
    worker.setDaemon(true);
    worker.start();
  }

  /** Offers a record; never blocks. */
  public void offer(T record) {
    if (!queue.offer(record) && dropped.getAndIncrement() % 10_000 == 0) {
      LOG.warn("The {} queue is full ({} records): dropping records until the database catches"
          + " up ({} dropped so far)", name, queue.size(), dropped.get());
    }
  }

  public long dropped() {
    return dropped.get();
  }

  public long written() {
    return written.get();
  }

  public int queued() {
    return queue.size();
  }

  private void work() {
    List<T> batch = new ArrayList<>(BATCH);
    boolean failing = false;
    while (running || !queue.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty() && !gather(batch)) {
          continue;
        }
        inserter.insertAll(batch);
        written.addAndGet(batch.size());
        batch.clear();
        if (failing) {
          LOG.info("The {} is written to the database again", name);
          failing = false;
        }
      } catch (InterruptedException e) {
        running = false;
      } catch (SQLException | RuntimeException e) {
        if (!failing) {
          LOG.warn("Cannot write the {} ({}); records queue up to the bound and are retried",
              name, e.getClass().getSimpleName());
          failing = true;
        }
        if (System.nanoTime() > giveUpAtNanos) {
          LOG.warn("Stopping with {} {} records unwritten", batch.size() + queue.size(), name);
          return;
        }
        pause();
      }
    }
    try {
      inserter.drained();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Stopping without finishing the {} ({})", name, e.getClass().getSimpleName());
    }
  }

  /**
   * Waits for a first record, then sleeps {@link #GATHER_NANOS} while the batch fills, rather than
   * waiting on the queue: a consumer blocked on the queue is woken by every offer (a futex
   * wake-up on the event loop, a context switch here), which at 20,000 requests a second cost
   * about 15% of the gateway's CPU. Asleep, it is woken by nobody; it skips the sleep when a full
   * batch is already waiting, so a backlog drains at the database's pace.
   *
   * @return false when no record came
   */
  private boolean gather(List<T> batch) throws InterruptedException {
    T first = queue.poll(200, TimeUnit.MILLISECONDS);
    if (first == null) {
      return false;
    }
    batch.add(first);
    if (queue.size() < BATCH - 1 && running) {
      TimeUnit.NANOSECONDS.sleep(GATHER_NANOS);
    }
    queue.drainTo(batch, BATCH - 1);
    return true;
  }

  /** Between retries of a failing batch; the database's own connect timeout paces most of it. */
  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued (retrying a failing database for a few seconds), then stops. */
  @Override
  public void close() {
    giveUpAtNanos = System.nanoTime() + CLOSE_GRACE_NANOS;
    running = false;
    try {
      worker.join(TimeUnit.SECONDS.toMillis(15));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
