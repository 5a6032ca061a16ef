package io.openaibalance.mock;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns a request's key and model into a {@link Behaviour}. Key directives win over model
 * directives; a key override set by a test replaces whatever the key itself says.
 */
final class BehaviourResolver {
  private final MockOptions options;
  private final ConcurrentMap<String, Directives> overrides = new ConcurrentHashMap<>();

  BehaviourResolver(MockOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Parses eagerly so a malformed override fails in the test that sets it. */
  void override(String key, String directives) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(directives, "directives");
    overrides.put(key, Directives.list(directives, "override for key"));
  }

  void clearOverrides() {
    overrides.clear();
  }

  /**
   * @param model the requested model, or {@code null} when the request names none
   * @throws IllegalArgumentException naming the bad directive
   */
  Behaviour resolve(String key, String model) {
    Directives fromKey = overrides.get(key);
    if (fromKey == null) {
      fromKey = Directives.afterName(key, "key");
    }
    Directives fromModel = model == null ? Directives.NONE : Directives.afterName(model, "model");
    return Behaviour.of(fromModel.overriddenBy(fromKey), options);
  }
}
