package io.openaibalance.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named job inside {@link JobScheduler}: its schedule, its single pending timer and its run
 * state. At most one timer is pending at a time; the {@code generation} counter lets a timer or a
 * finished run that belongs to a replaced schedule notice it is stale and do nothing.
 *
 * <p>A run never overlaps another run of the same job: whoever starts a run (a due timer or
 * {@link #runNow}) first claims {@code running}; a timer that finds it taken skips that run,
 * counts it and plans the next one from the schedule.
 */
final class ScheduledJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledJob.class);
  /**
   * The longest a timer sleeps before checking the clock again. Timers count on a monotonic clock
   * while due times are wall-clock instants; re-checking keeps a daily job on time when the wall
   * clock is stepped or the host was suspended.
   */
  static final Duration MAX_TIMER_WAIT = Duration.ofMinutes(1);

  private final String name;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final Predicate<String> runsHere;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Optional<LastRun> lastRun = Optional.empty();

  // Guarded by this.
  private Job job;
  private Schedule schedule = Schedule.off();
  private long generation;
  private Optional<Instant> nextRun = Optional.empty();
  private ScheduledFuture<?> timer;
  private long skippedRuns;
  private boolean cancelled;

  ScheduledJob(String name, Job job, ScheduledExecutorService executor, Clock clock,
      Predicate<String> runsHere) {
    this.name = Objects.requireNonNull(name, "name");
    this.runsHere = Objects.requireNonNull(runsHere, "runsHere");
    this.job = Objects.requireNonNull(job, "job");
    this.executor = executor;
    this.clock = clock;
  }

  /**
   * Takes the new body at once (a run in progress finishes with the old one). A changed schedule
   * cancels the pending run and plans the next from now; the same schedule keeps the pending run,
   * so applying unchanged settings again never postpones a job.
   */
  synchronized void update(Schedule newSchedule, Job newJob) {
    job = Objects.requireNonNull(newJob, "job");
    if (newSchedule.equals(schedule)) {
      return;
    }
    schedule = newSchedule;
    plan(schedule.nextRun(clock.instant()));
    LOG.info("Job {}: {}{}", name, schedule.description(),
        nextRun.map(at -> ", next run at " + at).orElse(""));
  }

  /**
   * Starts a run now on a scheduler thread, leaving the pending run where it is.
   *
   * @return false if a run is already going on (none is started)
   * @throws RejectedExecutionException if the scheduler is closed
   */
  boolean runNow() {
    if (!running.compareAndSet(false, true)) {
      return false;
    }
    Job body;
    synchronized (this) {
      body = job;
    }
    try {
      executor.execute(() -> {
        try {
          execute(body);
        } finally {
          running.set(false);
        }
      });
    } catch (RejectedExecutionException e) {
      running.set(false);
      throw e;
    }
    return true;
  }

  /** Drops the pending run for good; a run in progress is left to finish. */
  synchronized void cancel() {
    cancelled = true;
    plan(Optional.empty());
  }

  synchronized JobStatus status() {
    return new JobStatus(name, schedule.description(), nextRun, running.get(), skippedRuns,
        lastRun);
  }

  /** Replaces the pending run (if any) with one at {@code next}. Caller holds the lock. */
  private void plan(Optional<Instant> next) {
    generation++;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    nextRun = cancelled ? Optional.empty() : next;
    nextRun.ifPresent(due -> arm(generation, due));
  }

  /** Sets a timer towards {@code due}, capped at {@link #MAX_TIMER_WAIT}. Caller holds the lock. */
  private void arm(long armedGeneration, Instant due) {
    Duration wait = Duration.between(clock.instant(), due);
    long waitNanos = wait.compareTo(MAX_TIMER_WAIT) > 0 ? MAX_TIMER_WAIT.toNanos()
        : Math.max(0, wait.toNanos());
    try {
      timer = executor.schedule(() -> onTimer(armedGeneration, due), waitNanos,
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The scheduler closed between our checks and this call; nothing should run any more.
      cancelled = true;
      nextRun = Optional.empty();
    }
  }

  private void onTimer(long armedGeneration, Instant due) {
    Job body;
    synchronized (this) {
      if (armedGeneration != generation) {
        return;
      }
      Instant now = clock.instant();
      if (now.isBefore(due)) {
        arm(armedGeneration, due);
        return;
      }
      if (!runsHere.test(name)) {
        LOG.debug("Job {} runs on another instance of the cluster; skipping the run due at {}",
            name, due);
        plan(schedule.nextRun(now));
        return;
      }
      if (!running.compareAndSet(false, true)) {
        skippedRuns++;
        LOG.debug("Job {} is still running; skipping the run due at {}", name, due);
        plan(schedule.nextRun(now));
        return;
      }
      timer = null;
      nextRun = Optional.empty();
      body = job;
    }
    try {
      execute(body);
    } finally {
      running.set(false);
      synchronized (this) {
        if (armedGeneration == generation) {
          // The due time, if later than now, keeps a clock read slightly behind the timer from
          // making a daily job run twice.
          plan(schedule.nextRun(latest(clock.instant(), due)));
        }
      }
    }
  }

  private void execute(Job body) {
    Instant started = clock.instant();
    Optional<String> failure = Optional.empty();
    try {
      body.run();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failure = Optional.of(describe(e));
      LOG.warn("Job {} failed: {}", name, failure.get());
      LOG.debug("Job {} failure", name, e);
    } catch (Error e) {
      failure = Optional.of(describe(e));
      LOG.error("Job {} failed", name, e);
      throw e;
    } finally {
      lastRun = Optional.of(
          new LastRun(started, Duration.between(started, clock.instant()), failure));
    }
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank()
        ? failure.getClass().getName()
        : failure.getClass().getName() + ": " + message;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
