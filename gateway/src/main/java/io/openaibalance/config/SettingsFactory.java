package io.openaibalance.config;

import static io.openaibalance.config.Variable.ALLOWED_TOKENS;
import static io.openaibalance.config.Variable.API_KEYS;
import static io.openaibalance.config.Variable.AUTH_TOKEN;
import static io.openaibalance.config.Variable.BASE_URL;
import static io.openaibalance.config.Variable.CUSTOM_HEADERS;
import static io.openaibalance.config.Variable.DEFAULT_PROVIDER;
import static io.openaibalance.config.Variable.FILTERED_MODELS;
import static io.openaibalance.config.Variable.HOST;
import static io.openaibalance.config.Variable.LOG_LEVEL;
import static io.openaibalance.config.Variable.MAX_FAILURES;
import static io.openaibalance.config.Variable.MAX_REQUEST_BODY_SIZE_MB;
import static io.openaibalance.config.Variable.MAX_RETRIES;
import static io.openaibalance.config.Variable.MODEL_REQUEST_KEY;
import static io.openaibalance.config.Variable.PORT;
import static io.openaibalance.config.Variable.PROVIDERS_CONFIG;
import static io.openaibalance.config.Variable.RATE_LIMIT_DEFAULT_COOLDOWN_SECONDS;
import static io.openaibalance.config.Variable.TEST_MODEL;
import static io.openaibalance.config.Variable.TIME_OUT;

import io.openaibalance.secret.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates resolved values into one {@link Settings}, reporting every problem at once. */
final class SettingsFactory {
  private static final int MAX = Integer.MAX_VALUE;
  private static final long MIB = 1024L * 1024L;
  private static final Map<String, String> LOG_LEVELS = Map.of(
      "DEBUG", "DEBUG", "INFO", "INFO", "WARNING", "WARNING", "WARN", "WARNING",
      "ERROR", "ERROR");

  private final ValueParser parser;
  private final Problems problems;

  SettingsFactory(ValueParser parser) {
    this.parser = parser;
    this.problems = parser.problems();
  }

  /** Throws {@link InvalidSettingsException} listing every problem, including earlier ones. */
  Settings build(ResolvedValues values, AdminLayer layer) {
    String host = values.text(HOST).strip();
    int port = parser.integer(PORT.name(), values.text(PORT), 0, 65_535, 8000);
    ProviderSettings topLevel = topLevelProvider(values);
    Set<Secret> allowedTokens = new LinkedHashSet<>(secrets(values, ALLOWED_TOKENS));
    Optional<Secret> authToken = optionalSecret(values, AUTH_TOKEN);
    Set<String> filteredModels = new LinkedHashSet<>(
        parser.list(FILTERED_MODELS.name(), values.text(FILTERED_MODELS), false));
    List<ProviderSettings> providers = new ProvidersConfigParser(parser, new ProxyVariables(parser))
        .parse(values.text(PROVIDERS_CONFIG), layer.providerEntries(), topLevel).stream()
        .map(provider -> provider.withAddedKeys(layer.addedKeys(provider.name())))
        .toList();
    String defaultProvider = defaultProvider(values.text(DEFAULT_PROVIDER).strip(), providers);
    long maxBodyBytes = MIB * parser.integer(MAX_REQUEST_BODY_SIZE_MB.name(),
        values.text(MAX_REQUEST_BODY_SIZE_MB), 1, MAX, 50);
    Duration cooldown = Duration.ofSeconds(parser.integer(
        RATE_LIMIT_DEFAULT_COOLDOWN_SECONDS.name(),
        values.text(RATE_LIMIT_DEFAULT_COOLDOWN_SECONDS), 1, MAX, 60));
    DatabaseSettings database = new DatabaseVariables(parser).parse(values);
    ClusterSettings cluster = new ClusterVariables(parser).parse(values, database);
    ProxySettings proxies = new ProxyVariables(parser).parse(values);
    Optional<Duration> keyCheckInterval = Optional.of(parser.hours(
            Variable.CHECK_INTERVAL_HOURS.name(), values.text(Variable.CHECK_INTERVAL_HOURS), true,
            Duration.ofHours(1)))
        .filter(interval -> !interval.isZero());
    ZoneId timezone = timezone(values.text(Variable.TIMEZONE).strip());
    boolean recordRequestBody = parser.bool(Variable.ERROR_LOG_RECORD_REQUEST_BODY.name(),
        values.text(Variable.ERROR_LOG_RECORD_REQUEST_BODY), false);
    String logLevel = logLevel(values.text(LOG_LEVEL));
    problems.throwIfAny();
    return new Settings(host, port, allowedTokens, authToken, defaultProvider, providers,
        filteredModels, maxBodyBytes, cooldown, database, cluster, recordRequestBody,
        retention(values), proxies, keyCheckInterval, timezone,
        Duration.ofSeconds(parser.integer(Variable.ADMIN_SESSION_EXPIRE.name(),
            values.text(Variable.ADMIN_SESSION_EXPIRE), 60, MAX, 3600)),
        logLevel, values.sources());
  }

  private RetentionSettings retention(ResolvedValues values) {
    return new RetentionSettings(
        keptFor(values, Variable.AUTO_DELETE_ERROR_LOGS_ENABLED, Variable.AUTO_DELETE_ERROR_LOGS_DAYS, 7),
        keptFor(values, Variable.AUTO_DELETE_REQUEST_LOGS_ENABLED,
            Variable.AUTO_DELETE_REQUEST_LOGS_DAYS, 30));
  }

  private Optional<Duration> keptFor(
      ResolvedValues values, Variable enabled, Variable days, int defaultDays) {
    boolean on = parser.bool(enabled.name(), values.text(enabled),
        Boolean.parseBoolean(enabled.defaultValue()));
    int kept = parser.integer(days.name(), values.text(days), 1, MAX, defaultDays);
    return on ? Optional.of(Duration.ofDays(kept)) : Optional.empty();
  }

  /** The provider named {@code default}, from the top-level variables. */
  private ProviderSettings topLevelProvider(ResolvedValues values) {
    URI baseUrl = parser.httpUrl(BASE_URL.name(), values.text(BASE_URL),
        URI.create(BASE_URL.defaultValue()));
    Duration timeout = parser.seconds(TIME_OUT.name(), values.text(TIME_OUT),
        Duration.ofSeconds(300));
    int maxFailures = parser.integer(MAX_FAILURES.name(), values.text(MAX_FAILURES), 1, MAX, 3);
    int maxRetries = parser.integer(MAX_RETRIES.name(), values.text(MAX_RETRIES), 0, MAX, 3);
    Map<String, String> headers = parser.headers(CUSTOM_HEADERS.name(),
        values.text(CUSTOM_HEADERS));
    return new ProviderSettings(ProviderSettings.DEFAULT_NAME, ProviderSettings.DEFAULT_NAME,
        baseUrl, secrets(values, API_KEYS), optionalSecret(values, MODEL_REQUEST_KEY), headers,
        timeout, maxFailures, maxRetries, values.text(TEST_MODEL).strip(), true, Optional.empty());
  }

  private List<Secret> secrets(ResolvedValues values, Variable variable) {
    return parser.list(variable.name(), values.text(variable), true).stream()
        .map(Secret::of)
        .toList();
  }

  private static Optional<Secret> optionalSecret(ResolvedValues values, Variable variable) {
    String text = values.text(variable).strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(Secret.of(text));
  }

  private String defaultProvider(String name, List<ProviderSettings> providers) {
    if (providers.stream().noneMatch(p -> p.name().equals(name))) {
      problems.add(DEFAULT_PROVIDER.name(), Problems.show(name, false), "one of "
          + providers.stream().map(ProviderSettings::name).collect(Collectors.joining(", ")));
    }
    return name;
  }

  private ZoneId timezone(String text) {
    try {
      return ZoneId.of(text);
    } catch (java.time.DateTimeException e) {
      problems.add(Variable.TIMEZONE.name(), Problems.show(text, false),
          "a time zone such as UTC or Europe/Berlin");
      return ZoneId.of("UTC");
    }
  }

  private String logLevel(String text) {
    String level = LOG_LEVELS.get(text.strip().toUpperCase(Locale.ROOT));
    if (level == null) {
      problems.add(LOG_LEVEL.name(), Problems.show(text, false), "DEBUG, INFO, WARNING or ERROR");
      return "INFO";
    }
    return level;
  }
}
