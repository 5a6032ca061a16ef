package io.openaibalance.egress;

import io.vertx.core.net.ProxyType;
import java.util.Optional;

/** The URL schemes {@code PROXIES} accepts, each with its default port and Vert.x proxy type. */
public enum ProxyScheme {
  HTTP("http", 80, ProxyType.HTTP),
  /**
   * Reached like {@link #HTTP}: Vert.x 5 has no TLS to the proxy itself, so the hop to the proxy
   * is plain TCP (Basic credentials included) while the tunnelled upstream traffic stays TLS.
   * Accepted because {@code https://} is what many users write for "the proxy for HTTPS".
   */
  HTTPS("https", 443, ProxyType.HTTP),
  /** The proxy resolves the upstream host name; see {@link #SOCKS5H}. */
  SOCKS5("socks5", 1080, ProxyType.SOCKS5),
  /**
   * Elsewhere (curl) {@code socks5h} means "let the proxy resolve the host name" and {@code
   * socks5} means "resolve locally". Vert.x 5 always sends the upstream's host name to the proxy
   * unresolved (ChannelProvider installs Netty's NoopAddressResolverGroup and converts the target
   * with InetSocketAddress.createUnresolved, so Socks5ProxyHandler sends a DOMAIN address), so
   * both schemes behave as {@code socks5h}: no DNS look-up of upstreams leaks from the gateway.
   * Only the proxy's own host name is resolved locally.
   */
  SOCKS5H("socks5h", 1080, ProxyType.SOCKS5);

  private final String text;
  private final int defaultPort;
  private final ProxyType type;

  ProxyScheme(String text, int defaultPort, ProxyType type) {
    this.text = text;
    this.defaultPort = defaultPort;
    this.type = type;
  }

  /** The scheme as written in a URL, e.g. {@code socks5h}. */
  public String text() {
    return text;
  }

  public int defaultPort() {
    return defaultPort;
  }

  ProxyType type() {
    return type;
  }

  static Optional<ProxyScheme> fromText(String text) {
    for (ProxyScheme scheme : values()) {
      if (scheme.text.equalsIgnoreCase(text)) {
        return Optional.of(scheme);
      }
    }
    return Optional.empty();
  }
}
