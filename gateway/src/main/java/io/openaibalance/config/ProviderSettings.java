package io.openaibalance.config;

import io.openaibalance.egress.ProxyAddress;
import io.openaibalance.secret.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One upstream provider as configured: from the top-level variables (the provider named {@code
 * default}) or from one entry of {@code PROVIDERS_CONFIG}. Fields a {@code PROVIDERS_CONFIG} entry
 * leaves out are inherited from the top-level variables.
 *
 * @param name unique name, used in {@code /{name}/v1/...}
 * @param path unique route segment, also accepted in {@code /{path}/v1/...}; defaults to the name
 * @param baseUrl upstream base, ending before the endpoint (for example {@code
 *     https://api.openai.com/v1}); no trailing slash
 * @param apiKeys the pool's keys, deduplicated, in configured order
 * @param modelRequestKey the key used for {@code GET /models}, if set
 * @param customHeaders headers added to every upstream request
 * @param timeout bounds connecting and the silence between bytes, not a whole stream
 * @param maxFailures key-caused failures after which a key is disabled (at least 1)
 * @param maxRetries attempts per request, each on another key (at least 1 attempt is made)
 * @param testModel model used to verify a key
 * @param enabled a disabled provider is not routed to
 * @param proxies this provider's own proxies (a {@code PROVIDERS_CONFIG} entry's {@code
 *     proxies}); empty: the global {@code PROXIES}
 */
public record ProviderSettings(
    String name,
    String path,
    URI baseUrl,
    List<Secret> apiKeys,
    Optional<Secret> modelRequestKey,
    Map<String, String> customHeaders,
    Duration timeout,
    int maxFailures,
    int maxRetries,
    String testModel,
    boolean enabled,
    Optional<List<ProxyAddress>> proxies) {

  /** The name of the provider built from the top-level variables. */
  public static final String DEFAULT_NAME = "default";

  public ProviderSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(baseUrl, "baseUrl");
    apiKeys = List.copyOf(apiKeys);
    Objects.requireNonNull(modelRequestKey, "modelRequestKey");
    customHeaders = Map.copyOf(customHeaders);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(testModel, "testModel");
    proxies = proxies.map(List::copyOf);
  }

  /** The same provider with {@code added} appended to its keys (a key already there stays once). */
  public ProviderSettings withAddedKeys(List<Secret> added) {
    if (added.isEmpty()) {
      return this;
    }
    java.util.LinkedHashSet<Secret> keys = new java.util.LinkedHashSet<>(apiKeys);
    keys.addAll(added);
    return new ProviderSettings(name, path, baseUrl, List.copyOf(keys), modelRequestKey,
        customHeaders, timeout, maxFailures, maxRetries, testModel, enabled, proxies);
  }
}
