package io.openaibalance.mock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One request exactly as the mock received it.
 *
 * @param method HTTP method, e.g. {@code POST}
 * @param path raw request target including the query, e.g. {@code /v1/chat/completions?x=1}
 * @param headers header values by lower-cased name, in arrival order
 * @param body the raw body bytes (a copy is returned on every call)
 * @param key the bearer token, or {@code null} when the request carried none
 */
public record RecordedRequest(
    String method, String path, Map<String, List<String>> headers, byte[] body, String key) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
    copy.replaceAll((name, values) -> List.copyOf(values));
    headers = Collections.unmodifiableMap(copy);
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** The first value of the header, matched case-insensitively, or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  int bodyLength() {
    return body.length;
  }

  // Records compare arrays by identity; two recordings of the same bytes should be equal.
  @Override
  public boolean equals(Object other) {
    return other instanceof RecordedRequest that
        && method.equals(that.method)
        && path.equals(that.path)
        && headers.equals(that.headers)
        && Arrays.equals(body, that.body)
        && Objects.equals(key, that.key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, path, headers, Arrays.hashCode(body), key);
  }

  @Override
  public String toString() {
    return method + " " + path + " (key " + key + ", " + body.length + " body bytes)";
  }
}
