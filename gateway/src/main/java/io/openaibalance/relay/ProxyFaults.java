package io.openaibalance.relay;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.proxy.ProxyConnectException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a failure that is a proxy's fault from one that only passed through it. With a proxy, the
 * gateway's own TCP connection always goes to the proxy, so a refused or timed-out connect is the
 * proxy's; a handshake the proxy refuses for its credentials is the proxy's too. A handshake that
 * fails because the proxy could not reach the upstream is the upstream's, and is not counted.
 */
final class ProxyFaults {
  private ProxyFaults() {}

  /** A short description of the proxy's fault, or empty when the proxy is not to blame. */
  static Optional<String> describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectTimeoutException) {
        return Optional.of("connect timeout");
      }
      if (cause instanceof ConnectException) {
        return Optional.of("connection refused");
      }
      if (cause instanceof ProxyConnectException) {
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("407") || message.contains("authstatus")
            || message.contains("timeout") || message.contains("timed out")) {
          return Optional.of("proxy handshake failed");
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
