package io.openaibalance.provider;

import java.util.Objects;

/**
 * Where a relayed request goes.
 *
 * @param provider the provider that serves it
 * @param endpoint the part after {@code /v1}, e.g. {@code /chat/completions} (no query)
 */
public record RelayRoute(Provider provider, String endpoint) {
  public RelayRoute {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(endpoint, "endpoint");
  }
}
