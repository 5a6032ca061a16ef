package io.openaibalance.config;

import io.openaibalance.egress.ProxyAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Outbound proxies and how their health is watched ({@code PROXIES} and {@code PROXY_*}).
 *
 * @param proxies the global list, in configured order, without duplicates (by id)
 * @param bindByKeyHash each key goes through one proxy chosen by a stable hash of the key; false:
 *     a random healthy proxy per request
 * @param directFallback when no proxy is healthy, go direct rather than answer 502
 * @param autoCheck check every proxy each {@code checkInterval}
 * @param maxFailures consecutive failures after which a proxy is disabled
 * @param checkUrl fetched through a proxy to check it; any answer below 500 counts as working
 */
public record ProxySettings(
    List<ProxyAddress> proxies,
    boolean bindByKeyHash,
    boolean directFallback,
    boolean autoCheck,
    Duration checkInterval,
    int maxFailures,
    URI checkUrl,
    Duration checkTimeout) {

  public ProxySettings {
    proxies = List.copyOf(proxies);
    Objects.requireNonNull(checkInterval, "checkInterval");
    Objects.requireNonNull(checkUrl, "checkUrl");
    Objects.requireNonNull(checkTimeout, "checkTimeout");
  }
}
