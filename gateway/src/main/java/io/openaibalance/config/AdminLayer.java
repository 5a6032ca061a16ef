package io.openaibalance.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openaibalance.secret.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the admin saved in the database, as one immutable layer over the environment and {@code
 * .env}: setting overrides (they win over every other source), providers added at run time, and
 * keys added to a provider. The store holds the current layer; the loader reads it on every build.
 *
 * @param overrides variable values by name
 * @param providers provider entries in the {@code PROVIDERS_CONFIG} schema, by name; an entry
 *     replaces a {@code PROVIDERS_CONFIG} entry of the same name
 * @param addedKeys keys added to each provider, by provider name, in the order they were added
 */
public record AdminLayer(
    Map<String, String> overrides,
    Map<String, ObjectNode> providers,
    Map<String, List<Secret>> addedKeys) {

  public static final AdminLayer EMPTY = new AdminLayer(Map.of(), Map.of(), Map.of());

  public AdminLayer {
    overrides = Map.copyOf(overrides);
    Map<String, ObjectNode> copies = new LinkedHashMap<>();
    providers.forEach((name, entry) -> copies.put(name, entry.deepCopy()));
    providers = java.util.Collections.unmodifiableMap(copies);
    Map<String, List<Secret>> keys = new LinkedHashMap<>();
    addedKeys.forEach((provider, list) -> keys.put(provider, List.copyOf(list)));
    addedKeys = java.util.Collections.unmodifiableMap(keys);
  }

  /** Only overrides: how tests and the first start without a database see it. */
  public static AdminLayer ofOverrides(Map<String, String> overrides) {
    return new AdminLayer(Objects.requireNonNull(overrides, "overrides"), Map.of(), Map.of());
  }

  /** The keys the admin added to {@code provider}. */
  public List<Secret> addedKeys(String provider) {
    return addedKeys.getOrDefault(provider, List.of());
  }

  /** The provider entries as JSON nodes, copied so a caller cannot change this layer. */
  public List<ObjectNode> providerEntries() {
    return providers.values().stream().map(ObjectNode::deepCopy).toList();
  }
}
