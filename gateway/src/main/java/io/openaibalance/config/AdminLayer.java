package io.openaibalance.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openaibalance.secret.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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

  /** This layer with {@code changes} applied: a present value sets an override, empty removes it. */
  public AdminLayer withOverrides(Map<Variable, Optional<String>> changes) {
    Map<String, String> next = new LinkedHashMap<>(overrides);
    changes.forEach((variable, value) -> {
      if (value.isPresent()) {
        next.put(variable.name(), value.get());
      } else {
        next.remove(variable.name());
      }
    });
    return new AdminLayer(next, providers, addedKeys);
  }

  /** This layer with {@code key} added to {@code provider}. */
  public AdminLayer withKey(String provider, Secret key) {
    return withKeys(provider, List.of(key));
  }

  /** This layer with {@code added} added to {@code provider}, each once. */
  public AdminLayer withKeys(String provider, List<Secret> added) {
    Map<String, List<Secret>> next = new LinkedHashMap<>(addedKeys);
    java.util.LinkedHashSet<Secret> keys = new java.util.LinkedHashSet<>(addedKeys(provider));
    keys.addAll(added);
    next.put(provider, List.copyOf(keys));
    return new AdminLayer(overrides, providers, next);
  }

  /** This layer without the added key of {@code provider} whose id is {@code keyId}. */
  public AdminLayer withoutKey(String provider, String keyId) {
    return withoutKeys(Map.of(provider, Set.of(keyId)));
  }

  /** This layer without these added keys: key ids by provider name. */
  public AdminLayer withoutKeys(Map<String, Set<String>> keyIds) {
    Map<String, List<Secret>> next = new LinkedHashMap<>(addedKeys);
    keyIds.forEach((provider, ids) -> next.put(provider, addedKeys(provider).stream()
        .filter(k -> !ids.contains(k.id())).toList()));
    return new AdminLayer(overrides, providers, next);
  }

  /** This layer with {@code entry} replacing the run-time provider of the same name. */
  public AdminLayer withProvider(ObjectNode entry) {
    Map<String, ObjectNode> next = new LinkedHashMap<>(providers);
    next.put(entry.path("name").asText("").strip(), entry);
    return new AdminLayer(overrides, next, addedKeys);
  }

  public AdminLayer withoutProvider(String name) {
    Map<String, ObjectNode> next = new LinkedHashMap<>(providers);
    next.remove(name);
    return new AdminLayer(overrides, next, addedKeys);
  }
}
