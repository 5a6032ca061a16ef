package io.openaibalance.relay;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers cross the gateway. Hop-by-hop headers (RFC 9110 §7.6.1) never do; the client's
 * credentials and cookies never reach an upstream; the body length is recomputed.
 */
final class HeaderPolicy {
  private static final Set<String> HOP_BY_HOP = caseInsensitive(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
      "te", "trailer", "transfer-encoding", "upgrade");

  private static final Set<String> NOT_TO_UPSTREAM = caseInsensitive(
      "host", "authorization", "cookie", "api-key", "x-api-key", "content-length", "expect");

  private HeaderPolicy() {}

  /** The client's headers as an upstream may see them, plus the provider's custom headers. */
  static MultiMap toUpstream(MultiMap clientHeaders, Map<String, String> customHeaders) {
    MultiMap upstream = HttpHeaders.headers();
    Set<String> named = namedByConnection(clientHeaders);
    for (Map.Entry<String, String> header : clientHeaders) {
      String name = header.getKey();
      if (!HOP_BY_HOP.contains(name) && !NOT_TO_UPSTREAM.contains(name) && !named.contains(name)) {
        upstream.add(name, header.getValue());
      }
    }
    customHeaders.forEach(upstream::set);
    return upstream;
  }

  /** Copies an upstream response's end-to-end headers to the client's response. */
  static void copyToClient(MultiMap upstreamHeaders, MultiMap clientHeaders) {
    Set<String> named = namedByConnection(upstreamHeaders);
    for (Map.Entry<String, String> header : upstreamHeaders) {
      String name = header.getKey();
      if (!HOP_BY_HOP.contains(name) && !named.contains(name)) {
        clientHeaders.add(name, header.getValue());
      }
    }
  }

  private static Set<String> namedByConnection(MultiMap headers) {
    String connection = headers.get(HttpHeaders.CONNECTION);
    if (connection == null || connection.indexOf(',') < 0 && isStandardToken(connection)) {
      return Set.of();
    }
    Set<String> named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String token : connection.split(",")) {
      named.add(token.trim());
    }
    return named;
  }

  private static boolean isStandardToken(String connection) {
    String token = connection.trim();
    return token.equalsIgnoreCase("keep-alive") || token.equalsIgnoreCase("close");
  }

  private static Set<String> caseInsensitive(String... names) {
    Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(java.util.List.of(names));
    return set;
  }
}
