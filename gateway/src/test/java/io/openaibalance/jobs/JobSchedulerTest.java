package io.openaibalance.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openaibalance.MutableClock;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs the real scheduler with intervals of tens of milliseconds. Tests wait on semaphores and
 * latches with generous timeouts; a short quiet window is used only to show that something does
 * NOT happen.
 */
class JobSchedulerTest {
  private static final long WAIT_SECONDS = 5;
  private static final long QUIET_MILLIS = 300;
  private static final Duration FAST = Duration.ofMillis(20);
  private static final Duration SLOW = Duration.ofHours(1);

  private final JobScheduler scheduler =
      new JobScheduler(Clock.systemUTC(), 2, Duration.ofSeconds(WAIT_SECONDS));

  @AfterEach
  void closeScheduler() {
    scheduler.close();
  }

  private static boolean acquire(Semaphore runs, int count) throws InterruptedException {
    return runs.tryAcquire(count, WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static boolean acquireWithinQuietWindow(Semaphore runs, int count)
      throws InterruptedException {
    return runs.tryAcquire(count, QUIET_MILLIS, TimeUnit.MILLISECONDS);
  }

  private static boolean await(CountDownLatch latch) throws InterruptedException {
    return latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private JobStatus status(String name) {
    return scheduler.status().stream()
        .filter(job -> job.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void runsAJobRepeatedlyOnDaemonThreadsNamedJobs() throws Exception {
    Semaphore runs = new Semaphore(0);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger userThreads = new AtomicInteger();
    scheduler.schedule("tick", Schedule.every(FAST), () -> {
      threads.add(Thread.currentThread().getName());
      if (!Thread.currentThread().isDaemon()) {
        userThreads.incrementAndGet();
      }
      runs.release();
    });

    assertThat(acquire(runs, 3)).isTrue();
    assertThat(threads).isNotEmpty().allMatch(name -> name.matches("jobs-[12]"));
    assertThat(userThreads).hasValue(0);
  }

  @Test
  void firstRunComesOneIntervalAfterScheduling() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    long scheduledAt = System.nanoTime();
    AtomicInteger elapsedMillis = new AtomicInteger();
    scheduler.schedule("once", Schedule.every(Duration.ofMillis(200)), () -> {
      elapsedMillis.compareAndSet(0, (int) ((System.nanoTime() - scheduledAt) / 1_000_000));
      ran.countDown();
    });

    assertThat(await(ran)).isTrue();
    // A little slack: the due time is checked against the wall clock, the wait timed on nanoTime.
    assertThat(elapsedMillis.get()).isGreaterThanOrEqualTo(190);
  }

  @Test
  void skipsDueRunsWhereItIsToldTheyRunElsewhereButRunsThemOnDemand() throws Exception {
    AtomicBoolean here = new AtomicBoolean(false);
    Semaphore runs = new Semaphore(0);
    try (JobScheduler cluster = new JobScheduler(Clock.systemUTC(),
        name -> name.equals("everywhere") || here.get())) {
      Semaphore everywhere = new Semaphore(0);
      cluster.schedule("everywhere", Schedule.every(FAST), everywhere::release);
      cluster.schedule("leader-only", Schedule.every(FAST), runs::release);

      // Several due times of "leader-only" pass while "everywhere" keeps running.
      assertThat(acquire(everywhere, 3)).isTrue();
      assertThat(runs.availablePermits()).isZero();
      assertThat(cluster.runNow("leader-only")).isTrue();
      assertThat(acquire(runs, 1)).isTrue();

      here.set(true);
      assertThat(acquire(runs, 2)).isTrue();
    }
  }

  @Test
  void reportsTheNextRunOneIntervalAfterSchedulingByTheInjectedClock() {
    MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
    try (JobScheduler fixed = new JobScheduler(clock)) {
      fixed.schedule("check", Schedule.every(SLOW), () -> {});

      JobStatus status = fixed.status().get(0);
      assertThat(status.nextRun()).contains(Instant.parse("2024-05-01T13:00:00Z"));
      assertThat(status.schedule()).isEqualTo("every 1h");
    }
  }

  @Test
  void reschedulingToAShortIntervalTakesEffectAtOnce() throws Exception {
    Semaphore runs = new Semaphore(0);
    scheduler.schedule("check", Schedule.every(SLOW), runs::release);

    scheduler.schedule("check", Schedule.every(FAST), runs::release);

    assertThat(acquire(runs, 3)).isTrue();
  }

  @Test
  void reschedulingToALongIntervalStopsTheFastCadence() throws Exception {
    Semaphore runs = new Semaphore(0);
    scheduler.schedule("check", Schedule.every(FAST), runs::release);
    assertThat(acquire(runs, 2)).isTrue();

    Instant rescheduledAt = Instant.now();
    scheduler.schedule("check", Schedule.every(SLOW), runs::release);
    runs.drainPermits();

    assertThat(status("check").nextRun()).hasValueSatisfying(
        next -> assertThat(next).isAfter(rescheduledAt.plus(SLOW).minusSeconds(1)));
    // A run already under way when the schedule changed may still finish; no further one starts.
    assertThat(acquireWithinQuietWindow(runs, 2)).isFalse();
  }

  @Test
  void offStopsAJobButKeepsItListedAndRunnableOnDemand() throws Exception {
    Semaphore runs = new Semaphore(0);
    scheduler.schedule("check", Schedule.every(FAST), runs::release);
    assertThat(acquire(runs, 2)).isTrue();

    scheduler.schedule("check", Schedule.off(), runs::release);
    runs.drainPermits();

    assertThat(status("check").schedule()).isEqualTo("off");
    assertThat(status("check").nextRun()).isEmpty();
    assertThat(acquireWithinQuietWindow(runs, 2)).isFalse();
    runs.drainPermits();
    assertThat(scheduler.runNow("check")).isTrue();
    assertThat(acquire(runs, 1)).isTrue();
  }

  @Test
  void theSameScheduleAgainKeepsThePendingRunAndTakesTheNewBody() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
    try (JobScheduler manual = new JobScheduler(clock)) {
      CountDownLatch newBodyRan = new CountDownLatch(1);
      manual.schedule("check", Schedule.every(SLOW), () -> {});
      clock.advance(Duration.ofMinutes(30));

      manual.schedule("check", Schedule.every(SLOW), newBodyRan::countDown);

      assertThat(manual.status().get(0).nextRun())
          .contains(Instant.parse("2024-05-01T13:00:00Z"));
      assertThat(manual.runNow("check")).isTrue();
      assertThat(await(newBodyRan)).isTrue();

      manual.schedule("check", Schedule.every(Duration.ofHours(2)), () -> {});
      assertThat(manual.status().get(0).nextRun())
          .contains(Instant.parse("2024-05-01T14:30:00Z"));
    }
  }

  @Test
  void reschedulingADailyJobToAnotherZoneMovesItsNextRun() {
    MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
    try (JobScheduler manual = new JobScheduler(clock)) {
      manual.schedule("purge", Schedule.dailyAt(LocalTime.of(3, 30), ZoneId.of("UTC")), () -> {});
      assertThat(manual.status().get(0).nextRun())
          .contains(Instant.parse("2024-05-02T03:30:00Z"));

      manual.schedule("purge",
          Schedule.dailyAt(LocalTime.of(3, 30), ZoneId.of("Europe/Berlin")), () -> {});

      assertThat(manual.status().get(0).nextRun())
          .contains(Instant.parse("2024-05-02T01:30:00Z"));
      assertThat(manual.status().get(0).schedule()).isEqualTo("daily at 03:30 Europe/Berlin");
    }
  }

  @Test
  void runNowStartsARunAtOnceWithoutMovingTheSchedule() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    scheduler.schedule("check", Schedule.every(SLOW), ran::countDown);
    JobStatus before = status("check");

    assertThat(scheduler.runNow("check")).isTrue();

    assertThat(await(ran)).isTrue();
    assertThat(status("check").nextRun()).isEqualTo(before.nextRun()).isPresent();
  }

  @Test
  void runNowRefusesAnUnknownJob() {
    scheduler.schedule("check", Schedule.off(), () -> {});

    assertThatThrownBy(() -> scheduler.runNow("chekc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("job: chekc (expected one of [check])");
  }

  /** Counts how many runs of one job are inside its body at once. */
  private static final class SlowJob implements Job {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger mostInside = new AtomicInteger();
    final Semaphore entered = new Semaphore(0);
    final CountDownLatch gate = new CountDownLatch(1);

    @Override
    public void run() throws InterruptedException {
      mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
      try {
        entered.release();
        gate.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } finally {
        inside.decrementAndGet();
      }
    }
  }

  @Test
  void runNowDoesNotStartASecondRunWhileOneIsGoing() throws Exception {
    SlowJob slow = new SlowJob();
    scheduler.schedule("slow", Schedule.every(FAST), slow);
    assertThat(acquire(slow.entered, 1)).isTrue();

    assertThat(scheduler.runNow("slow")).isFalse();
    assertThat(status("slow").running()).isTrue();

    slow.gate.countDown();
    assertThat(acquire(slow.entered, 2)).isTrue();
    assertThat(slow.mostInside).hasValue(1);
  }

  @Test
  void aRunThatComesDueWhileTheJobIsStillRunningIsSkipped() throws Exception {
    SlowJob slow = new SlowJob();
    scheduler.schedule("slow", Schedule.every(SLOW), slow);
    assertThat(scheduler.runNow("slow")).isTrue();
    assertThat(acquire(slow.entered, 1)).isTrue();

    // Due every 20 ms while the run started on demand holds the job.
    scheduler.schedule("slow", Schedule.every(FAST), slow);

    assertThat(acquireWithinQuietWindow(slow.entered, 1)).isFalse();
    assertThat(status("slow").skippedRuns()).isPositive();
    slow.gate.countDown();
    assertThat(acquire(slow.entered, 2)).isTrue();
    assertThat(slow.mostInside).hasValue(1);
  }

  @Test
  void aJobThatThrowsIsLoggedWithoutAStackTraceAndRunsAgainNextTime() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(ScheduledJob.class);
    logs.start();
    logger.addAppender(logs);
    try {
      Semaphore runs = new Semaphore(0);
      scheduler.schedule("flaky", Schedule.every(FAST), () -> {
        runs.release();
        throw new IllegalStateException("upstream said no");
      });

      assertThat(acquire(runs, 3)).isTrue();
      // Runs are sequential, so the ones before the third are recorded by now.
      assertThat(status("flaky").lastRun()).hasValueSatisfying(last -> {
        assertThat(last.succeeded()).isFalse();
        assertThat(last.failure())
            .contains("java.lang.IllegalStateException: upstream said no");
      });
      scheduler.close();

      List<ILoggingEvent> warnings = logs.list.stream()
          .filter(event -> event.getLevel() == Level.WARN)
          .toList();
      assertThat(warnings).hasSizeGreaterThanOrEqualTo(2).allSatisfy(event -> {
        assertThat(event.getFormattedMessage())
            .isEqualTo("Job flaky failed: java.lang.IllegalStateException: upstream said no");
        assertThat(event.getThrowableProxy()).isNull();
      });
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void aJobThatRecoversIsReportedAsSucceeded() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Semaphore runs = new Semaphore(0);
    scheduler.schedule("recovering", Schedule.every(FAST), () -> {
      runs.release();
      if (attempts.incrementAndGet() == 1) {
        throw new java.io.IOException("connection refused");
      }
    });

    assertThat(acquire(runs, 3)).isTrue();

    assertThat(status("recovering").lastRun()).hasValueSatisfying(last -> {
      assertThat(last.succeeded()).isTrue();
      assertThat(last.failure()).isEmpty();
      assertThat(last.duration().isNegative()).isFalse();
    });
  }

  @Test
  void statusListsEveryJobByName() {
    scheduler.schedule("proxy-check", Schedule.off(), () -> {});
    scheduler.schedule("key-recheck", Schedule.every(SLOW), () -> {});

    List<JobStatus> jobs = scheduler.status();

    assertThat(jobs).extracting(JobStatus::name).containsExactly("key-recheck", "proxy-check");
    assertThat(jobs).extracting(JobStatus::schedule).containsExactly("every 1h", "off");
    assertThat(jobs.get(0).nextRun()).isPresent();
    assertThat(jobs).allSatisfy(job -> {
      assertThat(job.running()).isFalse();
      assertThat(job.skippedRuns()).isZero();
      assertThat(job.lastRun()).isEmpty();
    });
  }

  @Test
  void closeStopsEveryJobAndRefusesNewWork() throws Exception {
    Semaphore runs = new Semaphore(0);
    scheduler.schedule("tick", Schedule.every(FAST), runs::release);
    assertThat(acquire(runs, 2)).isTrue();

    scheduler.close();
    runs.drainPermits();

    assertThat(acquireWithinQuietWindow(runs, 1)).isFalse();
    assertThat(status("tick").nextRun()).isEmpty();
    assertThatThrownBy(() -> scheduler.runNow("tick")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> scheduler.schedule("tick", Schedule.every(FAST), runs::release))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeDoesNotWaitForRunsThatAreOnlyPending() {
    scheduler.schedule("later", Schedule.every(SLOW), () -> {});
    long closing = System.nanoTime();

    scheduler.close();

    // The grace period for running jobs is 5 s; a pending run must not use it up.
    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void closeWaitsForARunningJobToFinish() throws Exception {
    SlowJob slow = new SlowJob();
    scheduler.schedule("slow", Schedule.off(), slow);
    assertThat(scheduler.runNow("slow")).isTrue();
    assertThat(acquire(slow.entered, 1)).isTrue();

    Thread closing = new Thread(scheduler::close, "closing");
    closing.start();
    closing.join(QUIET_MILLIS);
    assertThat(closing.isAlive()).as("close returned while the job was running").isTrue();

    slow.gate.countDown();
    closing.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    assertThat(closing.isAlive()).isFalse();
    assertThat(status("slow").lastRun()).hasValueSatisfying(
        last -> assertThat(last.succeeded()).isTrue());
  }

  @Test
  void closeInterruptsAJobThatOutlastsTheGracePeriod() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    JobScheduler impatient = new JobScheduler(Clock.systemUTC(), 2, Duration.ofMillis(50));
    impatient.schedule("stuck", Schedule.off(), () -> {
      entered.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
    });
    assertThat(impatient.runNow("stuck")).isTrue();
    assertThat(await(entered)).isTrue();

    impatient.close();

    assertThat(await(interrupted)).isTrue();
  }
}
