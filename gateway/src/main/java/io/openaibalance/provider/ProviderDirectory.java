package io.openaibalance.provider;

import io.openaibalance.config.ProviderSettings;
import io.openaibalance.config.ProxySettings;
import io.openaibalance.egress.ProxyAddress;
import io.openaibalance.egress.ProxyPool;
import io.openaibalance.egress.ProxyRegistry;
import io.openaibalance.config.Settings;
import io.openaibalance.keys.KeyStates;
import io.openaibalance.keys.KeyPool;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.secret.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every provider of one settings snapshot, found by name or by path. Rebuilt on each settings
 * change; a key that stays keeps its live {@link PooledKey}, so a reload never resets a cooldown or
 * a failure count.
 */
public final class ProviderDirectory {
  private final List<Provider> providers;
  private final Map<String, Provider> byName;
  private final Map<String, Provider> byPath;
  private final Provider defaultProvider;

  private ProviderDirectory(List<Provider> providers, String defaultName) {
    this.providers = List.copyOf(providers);
    this.byName = new HashMap<>();
    this.byPath = new HashMap<>();
    for (Provider provider : providers) {
      byName.put(provider.name(), provider);
      byPath.putIfAbsent(provider.settings().path(), provider);
    }
    this.defaultProvider = byName.get(defaultName);
    if (defaultProvider == null) {
      throw new IllegalArgumentException("DEFAULT_PROVIDER: " + defaultName + " (no such provider)");
    }
  }

  /**
   * Builds the directory for {@code settings}, carrying over the keys {@code previous} had and the
   * proxies {@code proxies} knows.
   */
  public static ProviderDirectory build(Settings settings, Optional<ProviderDirectory> previous,
      KeyStates states, ProxyRegistry proxies) {
    ProxySettings proxySettings = settings.proxies();
    List<ProxyAddress> configured = new ArrayList<>(proxySettings.proxies());
    settings.providers().forEach(p -> p.proxies().ifPresent(configured::addAll));
    proxies.retainOnly(configured);
    List<Provider> providers = new ArrayList<>();
    for (ProviderSettings provider : settings.providers()) {
      Map<String, PooledKey> kept =
          previous.flatMap(p -> p.byName(provider.name())).map(ProviderDirectory::keysById)
              .orElseGet(Map::of);
      List<PooledKey> keys = new ArrayList<>();
      for (Secret secret : new LinkedHashSet<>(provider.apiKeys())) {
        PooledKey existing = kept.get(secret.id());
        keys.add(existing != null ? existing : newKey(provider.name(), secret, states));
      }
      List<ProxyAddress> own = provider.proxies().orElse(proxySettings.proxies());
      providers.add(new Provider(provider, new KeyPool(keys), own.isEmpty() ? ProxyPool.NONE
          : new ProxyPool(proxies.resolve(own), proxies, proxySettings.bindByKeyHash(),
              proxySettings.directFallback())));
    }
    return new ProviderDirectory(providers, settings.defaultProvider());
  }

  private static PooledKey newKey(String provider, Secret secret, KeyStates states) {
    return new PooledKey(secret, states.initial(provider, secret.id()),
        (key, before, after) -> states.sink().changed(provider, key, before, after));
  }

  private static Map<String, PooledKey> keysById(Provider provider) {
    Map<String, PooledKey> byId = new HashMap<>();
    for (PooledKey key : provider.keys().keys()) {
      byId.put(key.id(), key);
    }
    return byId;
  }

  public List<Provider> all() {
    return providers;
  }

  public Provider defaultProvider() {
    return defaultProvider;
  }

  public Optional<Provider> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** A route segment names a provider by its name first, then by its path. */
  public Optional<Provider> bySegment(String segment) {
    Provider provider = byName.get(segment);
    return Optional.ofNullable(provider != null ? provider : byPath.get(segment));
  }
}
