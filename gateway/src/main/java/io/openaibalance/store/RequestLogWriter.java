package io.openaibalance.store;

import io.openaibalance.relay.RequestRecord;
import io.openaibalance.relay.RequestRecorder;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log, written behind the request path. A record is offered to a bounded queue (the
 * event loop never waits); a worker thread inserts what it drains in batches. While the database
 * fails, the worker keeps its current batch and retries it; the queue fills up to its bound, and
 * records beyond it are dropped and counted, never turned into an error for a client.
 */
public final class RequestLogWriter implements RequestRecorder, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLogWriter.class);
  static final int DEFAULT_CAPACITY = 20_000;
  private static final int BATCH = 500;

  private final RequestLogRepository repository;
  private final BlockingQueue<RequestRecord> queue;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread worker;
  private volatile boolean running = true;
  /** After close, how long the worker keeps retrying what is left. */
  private volatile long giveUpAtNanos = Long.MAX_VALUE;
  private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(8);

  public RequestLogWriter(RequestLogRepository repository, int capacity) {
    this.repository = repository;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.worker = new Thread(this::work, "request-log-writer");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void record(RequestRecord record) {
    if (!queue.offer(record) && dropped.getAndIncrement() % 10_000 == 0) {
      LOG.warn("The request log queue is full ({} records): dropping records until the database"
          + " catches up ({} dropped so far)", queue.size(), dropped.get());
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
    List<RequestRecord> batch = new ArrayList<>(BATCH);
    boolean failing = false;
    while (running || !queue.isEmpty() || !batch.isEmpty()) {
      try {
        if (batch.isEmpty()) {
          RequestRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, BATCH - 1);
        }
        repository.insertAll(batch);
        written.addAndGet(batch.size());
        batch.clear();
        if (failing) {
          LOG.info("The request log is written to the database again");
          failing = false;
        }
      } catch (InterruptedException e) {
        running = false;
      } catch (SQLException | RuntimeException e) {
        if (!failing) {
          LOG.warn("Cannot write the request log ({}); records queue up to the bound and are"
              + " retried", e.getClass().getSimpleName());
          failing = true;
        }
        if (System.nanoTime() > giveUpAtNanos) {
          LOG.warn("Stopping with {} request-log records unwritten", batch.size() + queue.size());
          return;
        }
        pause();
      }
    }
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
