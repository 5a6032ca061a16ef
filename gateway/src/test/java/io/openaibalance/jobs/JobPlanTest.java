package io.openaibalance.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.config.Settings;
import io.openaibalance.config.SettingsLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobPlanTest {
  @TempDir Path dir;

  private Map<String, Schedule> plan(Map<String, String> environment) {
    Settings settings = SettingsLoader.load(dir, environment, Map.of());
    return JobPlan.schedules(settings);
  }

  @Test
  void plansEveryKnownJobInAFixedOrder() {
    assertThat(plan(Map.of()).keySet())
        .containsExactly(JobPlan.KEY_RECHECK, JobPlan.PROXY_CHECK, JobPlan.LOG_RETENTION);
  }

  @Test
  void keyRecheckRunsEveryCheckInterval() {
    assertThat(plan(Map.of("CHECK_INTERVAL_HOURS", "2")))
        .containsEntry(JobPlan.KEY_RECHECK, Schedule.every(Duration.ofHours(2)));
  }

  @Test
  void keyRecheckIsOffWhenTheCheckIntervalIsZero() {
    assertThat(plan(Map.of("CHECK_INTERVAL_HOURS", "0")))
        .containsEntry(JobPlan.KEY_RECHECK, Schedule.off());
  }

  @Test
  void proxyCheckIsOffUnlessAutoCheckIsEnabled() {
    assertThat(plan(Map.of("PROXY_AUTO_CHECK_ENABLED", "false", "PROXY_CHECK_INTERVAL_HOURS", "2")))
        .containsEntry(JobPlan.PROXY_CHECK, Schedule.off());
  }

  @Test
  void proxyCheckRunsEveryProxyCheckIntervalWhenAutoCheckIsEnabled() {
    assertThat(plan(Map.of("PROXY_AUTO_CHECK_ENABLED", "true", "PROXY_CHECK_INTERVAL_HOURS", "0.5")))
        .containsEntry(JobPlan.PROXY_CHECK, Schedule.every(Duration.ofMinutes(30)));
  }

  @Test
  void logRetentionRunsDailyAtHalfPastThreeInTheConfiguredZone() {
    assertThat(plan(Map.of("TIMEZONE", "Europe/Berlin"))).containsEntry(JobPlan.LOG_RETENTION,
        Schedule.dailyAt(LocalTime.of(3, 30), ZoneId.of("Europe/Berlin")));
    assertThat(plan(Map.of())).containsEntry(JobPlan.LOG_RETENTION,
        Schedule.dailyAt(LocalTime.of(3, 30), ZoneId.of("UTC")));
  }
}
