package io.openaibalance.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId UTC = ZoneId.of("UTC");

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static Instant next(Schedule schedule, Instant now) {
    return schedule.nextRun(now).orElseThrow();
  }

  @Test
  void everyRunsOneIntervalAfterNow() {
    Schedule schedule = Schedule.every(Duration.ofMinutes(90));

    assertThat(schedule.nextRun(at("2024-05-01T10:00:00Z"))).contains(at("2024-05-01T11:30:00Z"));
  }

  @Test
  void everyRejectsAnIntervalThatIsNotPositive() {
    assertThatThrownBy(() -> Schedule.every(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval: PT0S (expected > 0)");
    assertThatThrownBy(() -> Schedule.every(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void offNeverRuns() {
    assertThat(Schedule.off().nextRun(at("2024-05-01T10:00:00Z"))).isEmpty();
  }

  @Test
  void dailyAtRunsLaterTodayWhileTheTimeIsAhead() {
    Schedule schedule = Schedule.dailyAt(LocalTime.of(3, 30), BERLIN);

    // 01:00 in Berlin (summer time, UTC+2)
    assertThat(next(schedule, at("2024-05-01T23:00:00Z"))).isEqualTo(at("2024-05-02T01:30:00Z"));
  }

  @Test
  void dailyAtRunsTomorrowOnceTheTimeHasPassed() {
    Schedule schedule = Schedule.dailyAt(LocalTime.of(3, 30), BERLIN);

    // 12:00 in Berlin
    assertThat(next(schedule, at("2024-05-02T10:00:00Z"))).isEqualTo(at("2024-05-03T01:30:00Z"));
  }

  @Test
  void dailyAtExactlyNowRunsTomorrowNotAgain() {
    Schedule schedule = Schedule.dailyAt(LocalTime.of(3, 30), BERLIN);

    assertThat(next(schedule, at("2024-05-02T01:30:00Z"))).isEqualTo(at("2024-05-03T01:30:00Z"));
  }

  @Test
  void dailyAtKeepsTheLocalTimeAcrossSpringForward() {
    Schedule schedule = Schedule.dailyAt(LocalTime.of(3, 30), BERLIN);

    // Berlin moves from UTC+1 to UTC+2 at 02:00 on 2024-03-31: the day has 23 hours.
    Instant before = next(schedule, at("2024-03-29T12:00:00Z"));
    Instant onTheDay = next(schedule, before);
    Instant after = next(schedule, onTheDay);
    assertThat(before).isEqualTo(at("2024-03-30T02:30:00Z"));
    assertThat(onTheDay).isEqualTo(at("2024-03-31T01:30:00Z"));
    assertThat(after).isEqualTo(at("2024-04-01T01:30:00Z"));
    assertThat(Duration.between(before, onTheDay)).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void dailyAtATimeSkippedBySpringForwardRunsAtTheShiftedTime() {
    Schedule schedule = Schedule.dailyAt(LocalTime.of(2, 30), BERLIN);

    // 02:30 does not exist in Berlin on 2024-03-31; it runs at 03:30 summer time (01:30Z).
    Instant onTheDay = next(schedule, at("2024-03-31T00:00:00Z"));
    assertThat(onTheDay).isEqualTo(at("2024-03-31T01:30:00Z"));
    assertThat(ZonedDateTime.ofInstant(onTheDay, BERLIN).toLocalTime())
        .isEqualTo(LocalTime.of(3, 30));
    assertThat(next(schedule, onTheDay)).isEqualTo(at("2024-04-01T00:30:00Z"));
  }

  @Test
  void dailyAtKeepsTheLocalTimeAcrossFallBack() {
    Schedule schedule = Schedule.dailyAt(LocalTime.of(3, 30), BERLIN);

    // Berlin moves from UTC+2 back to UTC+1 at 03:00 on 2024-10-27: the day has 25 hours.
    Instant onTheDay = next(schedule, at("2024-10-26T12:00:00Z"));
    Instant after = next(schedule, onTheDay);
    assertThat(onTheDay).isEqualTo(at("2024-10-27T02:30:00Z"));
    assertThat(after).isEqualTo(at("2024-10-28T02:30:00Z"));
    assertThat(Duration.between(next(schedule, at("2024-10-26T00:00:00Z")), onTheDay))
        .isEqualTo(Duration.ofHours(25));
  }

  @Test
  void dailyAtATimeRepeatedByFallBackRunsOnlyAtItsFirstOccurrence() {
    Schedule schedule = Schedule.dailyAt(LocalTime.of(2, 30), BERLIN);

    // 02:30 happens twice in Berlin on 2024-10-27: at 00:30Z (summer time) and 01:30Z.
    Instant first = next(schedule, at("2024-10-26T22:00:00Z"));
    assertThat(first).isEqualTo(at("2024-10-27T00:30:00Z"));
    assertThat(next(schedule, first)).isEqualTo(at("2024-10-28T01:30:00Z"));
    // Scheduled between the two occurrences (say, after a settings change): still not again today.
    assertThat(next(schedule, at("2024-10-27T01:00:00Z"))).isEqualTo(at("2024-10-28T01:30:00Z"));
  }

  @Test
  void dailyAtRunsExactlyOncePerLocalDayThroughAYearWithBothChanges() {
    Schedule schedule = Schedule.dailyAt(LocalTime.of(2, 30), BERLIN);
    Instant now = at("2023-12-31T23:00:00Z"); // midnight, 2024-01-01 in Berlin
    Set<LocalDate> days = new HashSet<>();
    int runs = 0;

    for (Instant run = next(schedule, now); run.isBefore(at("2024-12-31T23:00:00Z"));
        run = next(schedule, run)) {
      ZonedDateTime local = run.atZone(BERLIN);
      assertThat(local.toLocalTime()).isIn(LocalTime.of(2, 30), LocalTime.of(3, 30));
      assertThat(days.add(local.toLocalDate())).as("second run on %s", local).isTrue();
      runs++;
    }

    assertThat(runs).isEqualTo(366);
  }

  @Test
  void dailyAtTheSameTimeInAnotherZoneRunsAtThatZonesTime() {
    Instant now = at("2024-05-01T12:00:00Z");

    assertThat(next(Schedule.dailyAt(LocalTime.of(3, 30), UTC), now))
        .isEqualTo(at("2024-05-02T03:30:00Z"));
    assertThat(next(Schedule.dailyAt(LocalTime.of(3, 30), BERLIN), now))
        .isEqualTo(at("2024-05-02T01:30:00Z"));
    assertThat(next(Schedule.dailyAt(LocalTime.of(3, 30), ZoneId.of("America/New_York")), now))
        .isEqualTo(at("2024-05-02T07:30:00Z"));
  }

  @Test
  void aZoneChangeCanMakeTheRunComeLaterTheSameDay() {
    // 02:00Z is 04:00 in Berlin (today's 03:30 has passed) but 22:00 in New York.
    Instant now = at("2024-05-02T02:00:00Z");

    assertThat(next(Schedule.dailyAt(LocalTime.of(3, 30), BERLIN), now))
        .isEqualTo(at("2024-05-03T01:30:00Z"));
    assertThat(next(Schedule.dailyAt(LocalTime.of(3, 30), ZoneId.of("America/New_York")), now))
        .isEqualTo(at("2024-05-02T07:30:00Z"));
  }

  @Test
  void equalSchedulesAreEqualValues() {
    assertThat(Schedule.every(Duration.ofHours(1))).isEqualTo(Schedule.every(Duration.ofHours(1)));
    assertThat(Schedule.dailyAt(LocalTime.of(3, 30), BERLIN))
        .isEqualTo(Schedule.dailyAt(LocalTime.of(3, 30), BERLIN))
        .isNotEqualTo(Schedule.dailyAt(LocalTime.of(3, 30), UTC));
    assertThat(Schedule.off()).isEqualTo(Schedule.off());
  }

  @Test
  void describesItselfForTheAdminPages() {
    assertThat(Schedule.every(Duration.ofMinutes(90)).description()).isEqualTo("every 1h 30m");
    assertThat(Schedule.every(Duration.ofHours(26)).description()).isEqualTo("every 26h");
    assertThat(Schedule.every(Duration.ofMillis(20)).description()).isEqualTo("every 20ms");
    assertThat(Schedule.dailyAt(LocalTime.of(3, 30), BERLIN).description())
        .isEqualTo("daily at 03:30 Europe/Berlin");
    assertThat(Schedule.off().description()).isEqualTo("off");
  }
}
