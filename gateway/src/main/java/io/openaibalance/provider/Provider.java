package io.openaibalance.provider;

import io.openaibalance.config.ProviderSettings;
import io.openaibalance.failover.RetryPolicy;
import io.openaibalance.egress.ProxyPool;
import io.openaibalance.keys.KeyPool;
import java.util.Objects;

/**
 * A provider as it serves traffic: its settings, its live key pool, its proxies and its upstream
 * address.
 */
public final class Provider {
  private final ProviderSettings settings;
  private final KeyPool keys;
  private final UpstreamTarget target;
  private final RetryPolicy retryPolicy;
  private final ProxyPool proxies;

  public Provider(ProviderSettings settings, KeyPool keys, ProxyPool proxies) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.proxies = Objects.requireNonNull(proxies, "proxies");
    this.target = UpstreamTarget.of(settings.baseUrl());
    this.retryPolicy = RetryPolicy.fromMaxRetries(settings.maxRetries());
  }

  public String name() {
    return settings.name();
  }

  public ProviderSettings settings() {
    return settings;
  }

  public KeyPool keys() {
    return keys;
  }

  public UpstreamTarget target() {
    return target;
  }

  /** The proxies its upstream calls go through (none: direct). */
  public ProxyPool proxies() {
    return proxies;
  }

  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }
}
