package io.openaibalance.egress;

/** How one attempt reaches its upstream. */
public sealed interface ProxyRoute {
  /** No proxy is configured (or every one is down and direct fallback is allowed). */
  record Direct() implements ProxyRoute {}

  record Through(LiveProxy proxy) implements ProxyRoute {}

  /** Proxies are configured, none is usable, and going direct is not allowed. */
  record Unavailable(int configured) implements ProxyRoute {}

  ProxyRoute DIRECT = new Direct();
}
