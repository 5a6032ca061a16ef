package io.openaibalance.relay;

import io.vertx.core.http.HttpMethod;
import java.util.Set;

/**
 * The OpenAI endpoints the relay knows, with the methods they take and whether a {@code model} is
 * required. Anything else under {@code /v1} is relayed generically (GET, POST, DELETE), so new
 * upstream endpoints work without a release.
 */
enum Endpoint {
  CHAT_COMPLETIONS(Set.of(HttpMethod.POST), true),
  COMPLETIONS(Set.of(HttpMethod.POST), true),
  EMBEDDINGS(Set.of(HttpMethod.POST), true),
  MODERATIONS(Set.of(HttpMethod.POST), false),
  IMAGES(Set.of(HttpMethod.POST), false),
  AUDIO(Set.of(HttpMethod.POST), false),
  MODEL_LIST(Set.of(HttpMethod.GET), false),
  MODEL(Set.of(HttpMethod.GET), false),
  GENERIC(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE), false);

  private final Set<HttpMethod> methods;
  private final boolean requiresModel;

  Endpoint(Set<HttpMethod> methods, boolean requiresModel) {
    this.methods = methods;
    this.requiresModel = requiresModel;
  }

  static Endpoint of(String path) {
    return switch (path) {
      case "/chat/completions" -> CHAT_COMPLETIONS;
      case "/completions" -> COMPLETIONS;
      case "/embeddings" -> EMBEDDINGS;
      case "/moderations" -> MODERATIONS;
      case "/models" -> MODEL_LIST;
      default -> {
        if (path.startsWith("/images/")) {
          yield IMAGES;
        }
        if (path.startsWith("/audio/")) {
          yield AUDIO;
        }
        if (path.startsWith("/models/") && path.length() > "/models/".length()) {
          yield MODEL;
        }
        yield GENERIC;
      }
    };
  }

  boolean allows(HttpMethod method) {
    return methods.contains(method);
  }

  Set<HttpMethod> methods() {
    return methods;
  }

  boolean requiresModel() {
    return requiresModel;
  }
}
