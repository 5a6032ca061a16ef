package io.openaibalance.config;

import io.openaibalance.secret.Secret;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One immutable, validated snapshot of the whole configuration. A request reads the snapshot that
 * was current when it started; a change builds a new snapshot and swaps it in atomically.
 *
 * @param host listener address ({@code HOST}, default {@code 0.0.0.0})
 * @param port listener port ({@code PORT}, default 8000; 0 picks a free port)
 * @param allowedTokens client tokens accepted on {@code /v1} routes ({@code ALLOWED_TOKENS})
 * @param authToken the admin token ({@code AUTH_TOKEN}); also accepted on {@code /v1} routes
 * @param defaultProvider name of the provider that serves {@code /v1/...} ({@code DEFAULT_PROVIDER})
 * @param providers every provider, the top-level one first, names and paths unique
 * @param filteredModels models hidden from {@code /models} and refused in requests
 * @param maxRequestBodyBytes larger request bodies get 413 ({@code MAX_REQUEST_BODY_SIZE_MB})
 * @param defaultRateLimitCooldown cooldown after a 429 that names no reset time ({@code
 *     RATE_LIMIT_DEFAULT_COOLDOWN_SECONDS})
 * @param database where state is persisted
 * @param cluster whether and how instances share state through Redis ({@code REDIS_URL})
 * @param errorLogRecordsRequestBody whether the error log keeps request bodies (redacted)
 * @param retention how long the request and error logs are kept
 * @param proxies outbound proxies and their health checks
 * @param keyCheckInterval how often disabled keys are re-checked ({@code CHECK_INTERVAL_HOURS});
 *     empty: never
 * @param timezone the zone of daily jobs ({@code TIMEZONE})
 * @param adminSessionExpiry how long an admin login lasts ({@code ADMIN_SESSION_EXPIRE})
 * @param logLevel {@code DEBUG}, {@code INFO}, {@code WARNING} or {@code ERROR} ({@code LOG_LEVEL})
 * @param sources where each variable's value came from, by variable name (for the admin pages)
 */
public record Settings(
    String host,
    int port,
    Set<Secret> allowedTokens,
    Optional<Secret> authToken,
    String defaultProvider,
    List<ProviderSettings> providers,
    Set<String> filteredModels,
    long maxRequestBodyBytes,
    Duration defaultRateLimitCooldown,
    DatabaseSettings database,
    ClusterSettings cluster,
    boolean errorLogRecordsRequestBody,
    RetentionSettings retention,
    ProxySettings proxies,
    Optional<Duration> keyCheckInterval,
    ZoneId timezone,
    Duration adminSessionExpiry,
    String logLevel,
    Map<String, ValueSource> sources) {

  public Settings {
    Objects.requireNonNull(host, "host");
    allowedTokens = Set.copyOf(allowedTokens);
    Objects.requireNonNull(authToken, "authToken");
    Objects.requireNonNull(defaultProvider, "defaultProvider");
    providers = List.copyOf(providers);
    filteredModels = Set.copyOf(filteredModels);
    Objects.requireNonNull(defaultRateLimitCooldown, "defaultRateLimitCooldown");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(proxies, "proxies");
    Objects.requireNonNull(keyCheckInterval, "keyCheckInterval");
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(adminSessionExpiry, "adminSessionExpiry");
    Objects.requireNonNull(logLevel, "logLevel");
    sources = Map.copyOf(sources);
  }
}
