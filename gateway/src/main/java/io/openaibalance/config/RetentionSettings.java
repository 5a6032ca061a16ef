package io.openaibalance.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How long logs are kept ({@code AUTO_DELETE_*}); empty means "keep forever".
 *
 * @param errorLogs age after which error-log rows are deleted
 * @param requestLogs age after which request-log rows are deleted
 */
public record RetentionSettings(Optional<Duration> errorLogs, Optional<Duration> requestLogs) {
  public static final RetentionSettings KEEP_ALL = new RetentionSettings(Optional.empty(), Optional.empty());
}
