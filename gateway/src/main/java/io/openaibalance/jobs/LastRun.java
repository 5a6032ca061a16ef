package io.openaibalance.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a job's most recent run went.
 *
 * @param started when it began, by the scheduler's clock
 * @param duration how long it took
 * @param failure the exception's class and message if it threw; empty if it succeeded
 */
public record LastRun(Instant started, Duration duration, Optional<String> failure) {

  public LastRun {
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(failure, "failure");
  }

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
