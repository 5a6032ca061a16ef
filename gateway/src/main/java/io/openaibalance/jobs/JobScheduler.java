package io.openaibalance.jobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every periodic job of the gateway on one small pool of daemon threads named {@code
 * jobs-N}, at the times their {@link Schedule}s give by the injected clock.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>A job never runs twice at once. A run that comes due while the previous run of the same
 *       job is still going (possible after {@link #runNow}, or once the schedule changed) is
 *       <em>skipped</em>, logged at debug and counted in {@link JobStatus#skippedRuns()}; the next
 *       time is then computed from the schedule as usual. Skipping rather than queueing means a
 *       check that is already under way is never repeated right after it ends.
 *   <li>A run that throws is logged at warn with the job's name and the exception's class and
 *       message (the stack trace only at debug); the job runs again at its next time.
 *   <li>{@link #close()} cancels every pending run, waits briefly for running jobs, then interrupts
 *       the ones still going.
 * </ul>
 *
 * <p>With two threads, a third job that comes due while two long jobs run waits for a thread.
 */
public final class JobScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
  private static final int THREADS = 2;
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

  private final Clock clock;
  private final Predicate<String> runsHere;
  private final Duration closeGrace;
  private final ScheduledThreadPoolExecutor executor;
  private final Map<String, ScheduledJob> jobs = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public JobScheduler(Clock clock) {
    this(clock, name -> true);
  }

  /**
   * @param runsHere asked with the job's name when a run comes due: false skips it (in a
   *     cluster, another instance holds the job lease and runs it). Runs started with {@link #runNow} are not asked: an
   *     admin who asks for a run gets it on the instance they asked.
   */
  public JobScheduler(Clock clock, Predicate<String> runsHere) {
    this(clock, runsHere, THREADS, CLOSE_GRACE);
  }

  /** @param closeGrace how long {@link #close()} waits for running jobs before interrupting them */
  JobScheduler(Clock clock, int threads, Duration closeGrace) {
    this(clock, name -> true, threads, closeGrace);
  }

  private JobScheduler(Clock clock, Predicate<String> runsHere, int threads,
      Duration closeGrace) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.runsHere = Objects.requireNonNull(runsHere, "runsHere");
    this.closeGrace = Objects.requireNonNull(closeGrace, "closeGrace");
    this.executor = new ScheduledThreadPoolExecutor(threads, daemonThreadsNamedJobs());
    // Rescheduling cancels timers; remove them at once rather than when they would have fired.
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  private static ThreadFactory daemonThreadsNamedJobs() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "jobs-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Registers the job {@code name}, or gives it a new schedule and body. A changed schedule
   * cancels the pending run and plans the next one from now ({@link Schedule#off()} plans none;
   * the job stays listed and can still be run on demand). The same schedule as before keeps the
   * pending run, so calling this on every settings change never postpones a job. A run in
   * progress finishes with the old body.
   *
   * @throws IllegalStateException if the scheduler is closed
   */
  public void schedule(String name, Schedule schedule, Job job) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(job, "job");
    requireOpen();
    jobs.computeIfAbsent(name, n -> new ScheduledJob(n, job, executor, clock, runsHere))
        .update(schedule, job);
  }

  /**
   * Starts a run of {@code name} at once on a scheduler thread (the admin "check now" button),
   * leaving its schedule and pending run as they are. Does not wait for the run.
   *
   * @return true if a run was started; false if one is already going on, which is not repeated
   * @throws IllegalArgumentException if no job has that name
   * @throws IllegalStateException if the scheduler is closed
   */
  public boolean runNow(String name) {
    requireOpen();
    ScheduledJob job = jobs.get(name);
    if (job == null) {
      throw new IllegalArgumentException("job: " + name + " (expected one of " + names() + ")");
    }
    try {
      return job.runNow();
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the job scheduler is closed", e);
    }
  }

  /** Every registered job, by name. */
  public List<JobStatus> status() {
    return jobs.values().stream()
        .map(ScheduledJob::status)
        .sorted(Comparator.comparing(JobStatus::name))
        .toList();
  }

  /**
   * Cancels every pending run, waits up to a few seconds for running jobs to finish, then
   * interrupts those still going. Calling it again does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    jobs.values().forEach(ScheduledJob::cancel);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(closeGrace.toNanos(), TimeUnit.NANOSECONDS)) {
        LOG.warn("Jobs still running {} after close, interrupting them: {}",
            IntervalText.of(closeGrace), runningNames());
        executor.shutdownNow();
        executor.awaitTermination(closeGrace.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the job scheduler is closed");
    }
  }

  private List<String> names() {
    return jobs.keySet().stream().sorted().toList();
  }

  private List<String> runningNames() {
    return status().stream().filter(JobStatus::running).map(JobStatus::name).toList();
  }
}
