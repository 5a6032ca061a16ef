package io.openaibalance.relay;

import io.openaibalance.auth.ClientTokens;
import io.openaibalance.config.Settings;
import io.openaibalance.egress.ProxyRegistry;
import io.openaibalance.keys.KeyStates;
import io.openaibalance.provider.ProviderDirectory;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a request reads, derived from one {@link Settings} snapshot and swapped as one: a
 * request never sees the tokens of one configuration and the providers of another.
 */
public record RelaySnapshot(Settings settings, ProviderDirectory providers, ClientTokens tokens) {

  public RelaySnapshot {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(providers, "providers");
    Objects.requireNonNull(tokens, "tokens");
  }

  /**
   * The snapshot for {@code settings}; keys that {@code previous} had and proxies the registry
   * knows keep their live state.
   */
  public static RelaySnapshot of(Settings settings, Optional<RelaySnapshot> previous,
      KeyStates keyStates, ProxyRegistry proxies) {
    return new RelaySnapshot(
        settings,
        ProviderDirectory.build(
            settings, previous.map(RelaySnapshot::providers), keyStates, proxies),
        ClientTokens.of(settings.allowedTokens(), settings.authToken()));
  }
}
