package io.openaibalance.jobs;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One job as the admin pages show it, read at one moment.
 *
 * @param name the job's name, such as {@code key-recheck}
 * @param schedule the schedule's description, such as {@code every 1h} or {@code off}
 * @param nextRun when it runs next on its own; empty while it runs (the next time is computed
 *     when the run ends) and when its schedule is off
 * @param running whether a run is going on (or was just started on demand and waits for a thread)
 * @param skippedRuns runs that came due while the previous run was still going and were dropped
 * @param lastRun the most recent finished run; empty before the first
 */
public record JobStatus(
    String name,
    String schedule,
    Optional<Instant> nextRun,
    boolean running,
    long skippedRuns,
    Optional<LastRun> lastRun) {

  public JobStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(nextRun, "nextRun");
    Objects.requireNonNull(lastRun, "lastRun");
  }
}
