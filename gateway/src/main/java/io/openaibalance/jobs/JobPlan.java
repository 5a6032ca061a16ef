package io.openaibalance.jobs;

import io.openaibalance.config.Settings;
import java.time.LocalTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which schedule each known job gets from a settings snapshot. Applied on every settings change;
 * unchanged schedules keep their pending runs (see {@link JobScheduler#schedule}).
 */
public final class JobPlan {
  /** Re-checks disabled upstream keys ({@code CHECK_INTERVAL_HOURS}; 0 turns it off). */
  public static final String KEY_RECHECK = "key-recheck";
  /** Checks every proxy ({@code PROXY_AUTO_CHECK_ENABLED}, {@code PROXY_CHECK_INTERVAL_HOURS}). */
  public static final String PROXY_CHECK = "proxy-check";
  /** Deletes request and error logs older than their retention, once a day. */
  public static final String LOG_RETENTION = "log-retention";
  /** A quiet hour, after the night hours in which most zones skip or repeat time for DST. */
  public static final LocalTime LOG_RETENTION_TIME = LocalTime.of(3, 30);

  private JobPlan() {}

  /** The schedule of every known job, by job name, in the order above. */
  public static Map<String, Schedule> schedules(Settings settings) {
    Map<String, Schedule> schedules = new LinkedHashMap<>();
    schedules.put(KEY_RECHECK, settings.keyCheckInterval()
        .map(Schedule::every)
        .orElse(Schedule.off()));
    schedules.put(PROXY_CHECK, settings.proxies().autoCheck()
        ? Schedule.every(settings.proxies().checkInterval())
        : Schedule.off());
    schedules.put(LOG_RETENTION, Schedule.dailyAt(LOG_RETENTION_TIME, settings.timezone()));
    return Collections.unmodifiableMap(schedules);
  }
}
