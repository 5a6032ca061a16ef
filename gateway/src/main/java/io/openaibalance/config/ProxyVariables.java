package io.openaibalance.config;

import static io.openaibalance.config.Variable.PROXIES;
import static io.openaibalance.config.Variable.PROXIES_USE_CONSISTENCY_HASH_BY_API_KEY;
import static io.openaibalance.config.Variable.PROXY_AUTO_CHECK_ENABLED;
import static io.openaibalance.config.Variable.PROXY_CHECK_INTERVAL_HOURS;
import static io.openaibalance.config.Variable.PROXY_CHECK_TIMEOUT;
import static io.openaibalance.config.Variable.PROXY_CHECK_URL;
import static io.openaibalance.config.Variable.PROXY_DIRECT_FALLBACK;
import static io.openaibalance.config.Variable.PROXY_MAX_FAILURES;

import io.openaibalance.egress.ProxyAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code PROXIES} (and a provider's {@code proxies}) and the {@code PROXY_*} variables. */
final class ProxyVariables {
  private final ValueParser parser;

  ProxyVariables(ValueParser parser) {
    this.parser = parser;
  }

  ProxySettings parse(ResolvedValues values) {
    return new ProxySettings(
        addresses(PROXIES.name(), parser.list(PROXIES.name(), values.text(PROXIES), true)),
        bool(values, PROXIES_USE_CONSISTENCY_HASH_BY_API_KEY),
        bool(values, PROXY_DIRECT_FALLBACK),
        bool(values, PROXY_AUTO_CHECK_ENABLED),
        parser.hours(PROXY_CHECK_INTERVAL_HOURS.name(), values.text(PROXY_CHECK_INTERVAL_HOURS),
            false, Duration.ofHours(1)),
        parser.integer(PROXY_MAX_FAILURES.name(), values.text(PROXY_MAX_FAILURES), 1,
            Integer.MAX_VALUE, 3),
        parser.httpUrl(PROXY_CHECK_URL.name(), values.text(PROXY_CHECK_URL),
            URI.create(PROXY_CHECK_URL.defaultValue())),
        parser.seconds(PROXY_CHECK_TIMEOUT.name(), values.text(PROXY_CHECK_TIMEOUT),
            Duration.ofSeconds(10)));
  }

  /**
   * Proxy URLs, each checked; one listed twice (the same scheme, user, host and port) is kept
   * once, the first time.
   */
  List<ProxyAddress> addresses(String field, List<String> urls) {
    Map<String, ProxyAddress> byId = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      try {
        ProxyAddress address = ProxyAddress.parse(urls.get(i));
        byId.putIfAbsent(address.id(), address);
      } catch (IllegalArgumentException e) {
        // The message names the URL with its password masked, and what is wrong with it.
        problems.add(field + "[" + i + "]: " + e.getMessage());
      }
    }
    parser.problems().addAll(problems);
    return List.copyOf(byId.values());
  }

  private boolean bool(ResolvedValues values, Variable variable) {
    return parser.bool(variable.name(), values.text(variable),
        Boolean.parseBoolean(variable.defaultValue()));
  }
}
