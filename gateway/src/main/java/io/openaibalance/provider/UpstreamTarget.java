package io.openaibalance.provider;

import java.net.URI;
import java.util.Locale;

/**
 * Where a provider's requests go, split once so the hot path only concatenates a path.
 *
 * @param basePath the base URL's path without a trailing slash, e.g. {@code /v1} (may be empty)
 */
public record UpstreamTarget(String host, int port, boolean ssl, String basePath) {

  public static UpstreamTarget of(URI baseUrl) {
    String scheme = baseUrl.getScheme().toLowerCase(Locale.ROOT);
    boolean ssl = scheme.equals("https");
    int port = baseUrl.getPort() != -1 ? baseUrl.getPort() : ssl ? 443 : 80;
    String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new UpstreamTarget(baseUrl.getHost(), port, ssl, path);
  }

  /** The upstream request URI for an endpoint such as {@code /chat/completions?x=1}. */
  public String uri(String endpointWithQuery) {
    return basePath + endpointWithQuery;
  }
}
