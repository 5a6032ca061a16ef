package io.openaibalance.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * When a job runs, as a pure value: {@link #nextRun} only computes, so every rule here is tested
 * without threads or clocks. Equal schedules are equal values, which lets the scheduler keep a
 * pending run when the same settings are applied again.
 */
public sealed interface Schedule {

  /**
   * The next time the job should run, strictly after {@code now}; empty if it never runs. The
   * scheduler asks again after every run (with the end of the run, or the due time if later).
   */
  Optional<Instant> nextRun(Instant now);

  /** For logs and the admin pages, such as {@code every 1h 30m} or {@code daily at 03:30 UTC}. */
  String description();

  /**
   * Runs one {@code interval} after being scheduled, then one {@code interval} after each run
   * ends, so a slow run delays the next one instead of piling up behind it.
   *
   * @throws IllegalArgumentException if the interval is not positive
   */
  static Schedule every(Duration interval) {
    return new Every(interval);
  }

  /** Runs once a day at {@code time} in {@code zone}; see {@link DailyAt} for DST days. */
  static Schedule dailyAt(LocalTime time, ZoneId zone) {
    return new DailyAt(time, zone);
  }

  /** Never runs on its own; the job can still be run on demand. */
  static Schedule off() {
    return Off.INSTANCE;
  }

  /** @param interval time between the end of one run and the start of the next; positive */
  record Every(Duration interval) implements Schedule {
    public Every {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval: " + interval + " (expected > 0)");
      }
    }

    @Override
    public Optional<Instant> nextRun(Instant now) {
      return Optional.of(now.plus(interval));
    }

    @Override
    public String description() {
      return "every " + IntervalText.of(interval);
    }
  }

  /**
   * Once a day at a local time. On a spring-forward day a time inside the gap runs at the shifted
   * time (02:30 in Berlin runs at 03:30 summer time); on a fall-back day a repeated time runs at
   * its first occurrence only, so a job never runs twice on one local date. A job scheduled
   * between the two occurrences therefore next runs the following day.
   */
  record DailyAt(LocalTime time, ZoneId zone) implements Schedule {
    public DailyAt {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(zone, "zone");
    }

    @Override
    public Optional<Instant> nextRun(Instant now) {
      LocalDate day = now.atZone(zone).toLocalDate();
      // ZonedDateTime.of shifts a time in a gap forward and picks the earlier offset in an
      // overlap, which is exactly the rule above. At most two days are ever looked at.
      while (true) {
        Instant candidate = ZonedDateTime.of(day, time, zone).toInstant();
        if (candidate.isAfter(now)) {
          return Optional.of(candidate);
        }
        day = day.plusDays(1);
      }
    }

    @Override
    public String description() {
      return "daily at " + time + " " + zone.getId();
    }
  }

  /** Never runs on its own. */
  enum Off implements Schedule {
    INSTANCE;

    @Override
    public Optional<Instant> nextRun(Instant now) {
      return Optional.empty();
    }

    @Override
    public String description() {
      return "off";
    }
  }
}
