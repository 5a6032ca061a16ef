package io.openaibalance.relay;

import io.openaibalance.egress.LiveProxy;
import io.openaibalance.provider.Provider;
import io.openaibalance.provider.UpstreamTarget;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;

/**
 * Requests the gateway makes on its own behalf (key checks, model lists): to the provider's
 * upstream, through the key's proxy, with the provider's timeout capped so an admin never waits
 * long.
 */
final class CheckRequests {
  static final Duration LONGEST = Duration.ofSeconds(30);

  private CheckRequests() {}

  /** @param proxy the proxy to go through, or null for a direct connection */
  static RequestOptions options(Provider provider, LiveProxy proxy, HttpMethod method,
      String path) {
    UpstreamTarget target = provider.target();
    long timeoutMs = Math.min(provider.settings().timeout().toMillis(), LONGEST.toMillis());
    return new RequestOptions()
        .setMethod(method)
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.ssl())
        .setURI(target.uri(path))
        .setProxyOptions(proxy == null ? null : proxy.options())
        .setConnectTimeout(timeoutMs)
        .setIdleTimeout(timeoutMs);
  }
}
