package io.openaibalance.provider;

import java.util.Locale;
import java.util.Set;

/**
 * Maps a request path to a provider and an endpoint. Accepted forms: {@code /v1/...}, {@code
 * /hf/v1/...}, {@code /openai/v1/...} (the default provider) and {@code /{provider}/v1/...},
 * {@code /hf/{provider}/v1/...}, {@code /openai/{provider}/v1/...}. A provider named like a
 * reserved prefix wins at {@code /{name}/v1}, so it stays reachable; the default provider is still
 * at {@code /v1}.
 */
public final class RouteResolver {
  static final Set<String> RESERVED_PREFIXES = Set.of("hf", "openai");

  private RouteResolver() {}

  /** The outcome of resolving a path; exactly one kind applies. */
  public sealed interface Resolution
      permits Resolution.Routed,
          Resolution.NotRelayPath,
          Resolution.UnsafePath,
          Resolution.UnknownProvider,
          Resolution.DisabledProvider {
    record Routed(RelayRoute route) implements Resolution {}

    /** Not one of the relay's path forms: another handler (health, admin) may take it. */
    record NotRelayPath() implements Resolution {}

    /** Dot segments, empty segments, encoded slashes or backslashes: refused outright. */
    record UnsafePath() implements Resolution {}

    record UnknownProvider(String segment) implements Resolution {}

    record DisabledProvider(String name) implements Resolution {}
  }

  public static Resolution resolve(String rawPath, ProviderDirectory directory) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return new Resolution.UnsafePath();
    }
    if (isUnsafe(rawPath)) {
      return new Resolution.UnsafePath();
    }
    String[] segments = rawPath.substring(1).split("/", 4);
    if (segments[0].equals("v1")) {
      return routed(directory.defaultProvider(), endpointAfter(rawPath, 1));
    }
    if (segments.length >= 2 && segments[1].equals("v1")) {
      var named = directory.bySegment(segments[0]);
      if (named.isPresent()) {
        return routed(named.get(), endpointAfter(rawPath, 2));
      }
      if (RESERVED_PREFIXES.contains(segments[0])) {
        return routed(directory.defaultProvider(), endpointAfter(rawPath, 2));
      }
      return new Resolution.UnknownProvider(segments[0]);
    }
    if (segments.length >= 3 && RESERVED_PREFIXES.contains(segments[0])
        && segments[2].equals("v1")) {
      return directory.bySegment(segments[1])
          .<Resolution>map(p -> routed(p, endpointAfter(rawPath, 3)))
          .orElseGet(() -> new Resolution.UnknownProvider(segments[1]));
    }
    return new Resolution.NotRelayPath();
  }

  private static Resolution routed(Provider provider, String endpoint) {
    if (!provider.settings().enabled()) {
      return new Resolution.DisabledProvider(provider.name());
    }
    return new Resolution.Routed(new RelayRoute(provider, endpoint));
  }

  /** The path after the first {@code segmentCount} segments, e.g. {@code /chat/completions}. */
  private static String endpointAfter(String rawPath, int segmentCount) {
    int index = 0;
    for (int i = 0; i < segmentCount; i++) {
      index = rawPath.indexOf('/', index + 1);
      if (index < 0) {
        return "";
      }
    }
    return rawPath.substring(index);
  }

  /**
   * Refuses what could reach another upstream path than the one shown: {@code //}, {@code .} and
   * {@code ..} segments, backslashes and percent-encoded slashes, backslashes or dots.
   */
  static boolean isUnsafe(String rawPath) {
    if (rawPath.contains("//") || rawPath.indexOf('\\') >= 0) {
      return true;
    }
    String lower = rawPath.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e")) {
      return true;
    }
    for (String segment : rawPath.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }
}
