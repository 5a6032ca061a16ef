package io.openaibalance.egress;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A proxy's health at one moment; immutable, swapped whole.
 *
 * @param consecutiveFailures failed checks and connection errors in traffic since the last success
 * @param disabled set at {@code PROXY_MAX_FAILURES} consecutive failures; only a passing check
 *     clears it (a disabled proxy gets no traffic to prove itself with)
 * @param lastCheckedAt when a check last ran
 * @param lastResponseTime how long that check took, when it passed
 * @param lastError the last failure, without credentials
 */
public record ProxyHealth(
    int consecutiveFailures,
    boolean disabled,
    Optional<Instant> lastCheckedAt,
    Optional<Duration> lastResponseTime,
    Optional<String> lastError) {

  public static final ProxyHealth FRESH =
      new ProxyHealth(0, false, Optional.empty(), Optional.empty(), Optional.empty());

  public ProxyHealth {
    Objects.requireNonNull(lastCheckedAt, "lastCheckedAt");
    Objects.requireNonNull(lastResponseTime, "lastResponseTime");
    Objects.requireNonNull(lastError, "lastError");
  }

  ProxyHealth afterTrafficSuccess() {
    return consecutiveFailures == 0 ? this
        : new ProxyHealth(0, disabled, lastCheckedAt, lastResponseTime, lastError);
  }

  ProxyHealth afterCheckSuccess(Instant at, Duration responseTime) {
    return new ProxyHealth(0, false, Optional.of(at), Optional.of(responseTime), lastError);
  }

  ProxyHealth afterFailure(String error, int maxFailures, Optional<Instant> checkedAt) {
    int failures = consecutiveFailures + 1;
    return new ProxyHealth(failures, disabled || failures >= maxFailures,
        checkedAt.or(() -> lastCheckedAt), checkedAt.isPresent() ? Optional.empty()
            : lastResponseTime, Optional.of(error));
  }
}
