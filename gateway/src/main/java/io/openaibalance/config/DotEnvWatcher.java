package io.openaibalance.config;

import io.openaibalance.secret.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies edits of the {@code .env} file to live settings (DESIGN.md, invariant 6).
 *
 * <p>It polls: every period it reads the file and compares a SHA-256 of its content with the last
 * one applied. The file is small, and the content is the only reliable signal: a modification
 * time can have a granularity of seconds and a rewrite can keep the size. New content is applied
 * once two polls in a row see it, so a file caught half-written (which may well parse, minus its
 * last lines) is never applied. A changed, valid file replaces the snapshot in the {@link
 * SettingsHolder} (unless the result equals the current one, as after a comment-only edit); an
 * invalid one keeps the old snapshot and logs one error.
 *
 * <p>A file that disappears is ignored rather than read as "no .env": editors save by replacing
 * the file, and live traffic must not briefly run without its keys.
 *
 * <p>File reads block, so the executor must be a plain thread, never a Vert.x event loop.
 */
public final class DotEnvWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DotEnvWatcher.class);
  private static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);
  private static final byte[] MISSING = new byte[0];
  private static final byte[] UNREADABLE = new byte[1];

  private final SettingsLoader loader;
  private final SettingsHolder holder;
  private final ScheduledExecutorService executor;
  private final Duration period;
  // Touched only by the executor's tasks, which run one at a time (fixed delay).
  private byte[] lastSeen;
  private byte[] pending;
  private ScheduledFuture<?> task;

  public DotEnvWatcher(
      SettingsLoader loader, SettingsHolder holder, ScheduledExecutorService executor) {
    this(loader, holder, executor, DEFAULT_PERIOD);
  }

  /**
   * @param executor runs the polls; it stays the caller's to shut down
   */
  public DotEnvWatcher(SettingsLoader loader, SettingsHolder holder,
      ScheduledExecutorService executor, Duration period) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.holder = Objects.requireNonNull(holder, "holder");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.period = Objects.requireNonNull(period, "period");
  }

  /**
   * Starts polling. The first poll rebuilds from the file as it is then, so an edit made between
   * the initial load and this call is not lost; an unchanged file swaps nothing.
   */
  public synchronized void start() {
    if (task != null) {
      throw new IllegalStateException("already started");
    }
    long millis = Math.max(1, period.toMillis());
    task = executor.scheduleWithFixedDelay(this::poll, 0, millis, TimeUnit.MILLISECONDS);
  }

  /** Stops polling; does not shut the executor down. */
  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
    }
  }

  /** One poll; package-private so a test can run polls synchronously. */
  void poll() {
    try {
      check();
    } catch (RuntimeException e) {
      // An exception would silently end a scheduleWithFixedDelay task: log it and keep polling.
      LOG.error("checking {} failed; keeping the current settings", loader.envFile(), e);
    }
  }

  private void check() {
    byte[] content;
    try {
      content = Files.readAllBytes(loader.envFile());
    } catch (NoSuchFileException e) {
      if (lastSeen != MISSING && lastSeen != null) {
        LOG.warn("{} is gone; keeping the current settings until it is back", loader.envFile());
      }
      lastSeen = MISSING; // a file that never existed is normal: configured by environment
      pending = null;
      return;
    } catch (IOException e) {
      if (lastSeen != UNREADABLE) {
        LOG.error("cannot read {}; keeping the current settings: {}", loader.envFile(),
            e.toString());
        lastSeen = UNREADABLE;
      }
      pending = null;
      return;
    }
    byte[] hash = Secret.sha256(content);
    if (Arrays.equals(hash, lastSeen)) {
      pending = null;
      return;
    }
    if (!Arrays.equals(hash, pending)) {
      pending = hash; // wait one period for the content to settle
      return;
    }
    lastSeen = hash;
    pending = null;
    Settings next;
    try {
      next = loader.build(content);
    } catch (InvalidSettingsException e) {
      LOG.error("{} changed but is invalid; keeping the current settings. {}", loader.envFile(),
          e.getMessage());
      return;
    }
    if (!next.equals(holder.current())) {
      LOG.info("{} changed; applying the new settings", loader.envFile());
      holder.replace(next);
    }
  }
}
