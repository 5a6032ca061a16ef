package io.openaibalance.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openaibalance.egress.ProxyAddress;
import io.openaibalance.secret.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the provider list from the top-level provider and {@code PROVIDERS_CONFIG}: a JSON array
 * of objects with the snake_case fields {@code name, path, base_url, api_keys, model_request_key,
 * custom_headers, timeout, max_failures, max_retries, test_model, enabled, proxies}. Unknown
 * fields are ignored so files written for the Python project load.
 *
 * <p>A field an entry leaves out (absent, null or blank) inherits the top-level value, except
 * {@code api_keys} (a provider's keys are its own) and {@code path} (defaults to the name). An
 * entry's {@code custom_headers} are merged over the top-level ones, header by header.
 *
 * <p>An entry named {@code default} replaces the provider built from the top-level variables and
 * stays first; its omitted fields still inherit, {@code api_keys} included (from {@code
 * API_KEYS}), because it is the same provider described in more detail.
 */
final class ProvidersConfigParser {
  private static final String FIELD = Variable.PROVIDERS_CONFIG.name();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final String NAME_EXPECTED = "letters, digits, '.', '_' or '-'";
  /** {@code /v1/...} is the default provider's route, so no provider may be reached as "v1". */
  private static final String RESERVED_SEGMENT = "v1";
  private static final int MAX = Integer.MAX_VALUE;

  private final ValueParser values;
  private final ProxyVariables proxies;

  ProvidersConfigParser(ValueParser values, ProxyVariables proxies) {
    this.values = values;
    this.proxies = proxies;
  }

  /**
   * Every provider, the top-level (or the entry that replaces it) first.
   *
   * @param adminEntries providers the admin added at run time; one replaces the {@code
   *     PROVIDERS_CONFIG} entry of the same name
   */
  List<ProviderSettings> parse(String text, List<ObjectNode> adminEntries, ProviderSettings topLevel) {
    List<Labelled> entries = new ArrayList<>();
    Optional<JsonNode> parsed = values.json(FIELD, text, "a JSON array of provider objects");
    if (parsed.isPresent() && !parsed.get().isArray()) {
      values.problems().add(FIELD, Problems.show(parsed.get(), true),
          "a JSON array of provider objects");
    } else if (parsed.isPresent()) {
      JsonNode array = parsed.get();
      for (int i = 0; i < array.size(); i++) {
        entries.add(new Labelled(FIELD + "[" + i + "]", array.get(i)));
      }
    }
    for (ObjectNode entry : adminEntries) {
      String name = entry.path("name").asText("").strip();
      // The admin's entry lays its fields over the file's entry of the same name: turning a
      // provider off, or changing its timeout, keeps the keys and headers written in .env.
      ObjectNode merged = entry.deepCopy();
      for (var iterator = entries.iterator(); iterator.hasNext(); ) {
        JsonNode existing = iterator.next().entry();
        if (existing.isObject() && existing.path("name").asText("").strip().equals(name)) {
          merged = ((ObjectNode) existing).deepCopy();
          merged.setAll(entry);
          iterator.remove();
        }
      }
      entries.add(new Labelled("admin provider " + name, merged));
    }
    return build(entries, topLevel);
  }

  private record Labelled(String label, JsonNode entry) {}

  private List<ProviderSettings> build(List<Labelled> entries, ProviderSettings topLevel) {
    List<ProviderSettings> providers = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    providers.add(topLevel);
    labels.add(null);
    boolean defaultReplaced = false;
    for (Labelled labelled : entries) {
      String label = labelled.label();
      JsonNode entry = labelled.entry();
      if (!entry.isObject()) {
        values.problems().add(label, Problems.show(entry, true), "a JSON object");
        continue;
      }
      Optional<ProviderSettings> provider = entry(label, entry, topLevel);
      if (provider.isEmpty()) {
        continue;
      }
      if (provider.get().name().equals(ProviderSettings.DEFAULT_NAME) && !defaultReplaced) {
        defaultReplaced = true;
        providers.set(0, provider.get());
        labels.set(0, label);
      } else {
        providers.add(provider.get());
        labels.add(label);
      }
    }
    checkUnique(providers, labels);
    return providers;
  }

  private Optional<ProviderSettings> entry(String label, JsonNode entry, ProviderSettings top) {
    Optional<String> name = segment(label + ".name", entry.get("name"));
    if (name.isEmpty()) {
      return Optional.empty();
    }
    boolean isDefault = name.get().equals(ProviderSettings.DEFAULT_NAME);
    String path = present(entry, "path")
        ? segment(label + ".path", entry.get("path")).orElse(name.get())
        : name.get();
    URI baseUrl = string(label + ".base_url", entry, "base_url", false, "an http or https URL")
        .map(t -> values.httpUrl(label + ".base_url", t, top.baseUrl()))
        .orElse(top.baseUrl());
    List<Secret> apiKeys = present(entry, "api_keys")
        ? secrets(values.list(label + ".api_keys", entry.get("api_keys"), true))
        : isDefault ? top.apiKeys() : List.of();
    Optional<Secret> modelRequestKey =
        string(label + ".model_request_key", entry, "model_request_key", true, "a string")
            .map(Secret::of)
            .or(top::modelRequestKey);
    Map<String, String> headers = new LinkedHashMap<>(top.customHeaders());
    if (present(entry, "custom_headers")) {
      values.headers(label + ".custom_headers", entry.get("custom_headers"))
          .forEach((header, value) -> {
            // Names are case-insensitive: the entry's "api-key" replaces a top-level "Api-Key".
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(header));
            headers.put(header, value);
          });
    }
    Duration timeout = text(label + ".timeout", entry, "timeout", false, "a number of seconds > 0")
        .map(t -> values.seconds(label + ".timeout", t, top.timeout()))
        .orElse(top.timeout());
    int maxFailures = text(label + ".max_failures", entry, "max_failures", false, "an integer")
        .map(t -> values.integer(label + ".max_failures", t, 1, MAX, top.maxFailures()))
        .orElse(top.maxFailures());
    int maxRetries = text(label + ".max_retries", entry, "max_retries", false, "an integer")
        .map(t -> values.integer(label + ".max_retries", t, 0, MAX, top.maxRetries()))
        .orElse(top.maxRetries());
    String testModel = string(label + ".test_model", entry, "test_model", false, "a model name")
        .map(String::strip)
        .orElse(top.testModel());
    boolean enabled = text(label + ".enabled", entry, "enabled", false, "true or false")
        .map(t -> values.bool(label + ".enabled", t, true))
        .orElse(true);
    Optional<List<ProxyAddress>> ownProxies = present(entry, "proxies")
        ? Optional.of(proxies.addresses(label + ".proxies",
            values.list(label + ".proxies", entry.get("proxies"), true)))
        : Optional.empty();
    return Optional.of(new ProviderSettings(name.get(), path, baseUrl, apiKeys, modelRequestKey,
        headers, timeout, maxFailures, maxRetries, testModel, enabled, ownProxies));
  }

  /** The non-blank text of a scalar field, empty when the entry leaves it out. */
  private Optional<String> text(
      String field, JsonNode entry, String key, boolean secret, String expected) {
    if (!present(entry, key)) {
      return Optional.empty();
    }
    return values.scalarText(field, entry.get(key), secret, expected).filter(t -> !t.isBlank());
  }

  /** Like {@link #text} but only a JSON string will do: a number is no URL, key or model. */
  private Optional<String> string(
      String field, JsonNode entry, String key, boolean secret, String expected) {
    if (present(entry, key) && !entry.get(key).isTextual()) {
      values.problems().add(field, Problems.show(entry.get(key), secret), expected);
      return Optional.empty();
    }
    return text(field, entry, key, secret, expected);
  }

  private static boolean present(JsonNode entry, String key) {
    JsonNode node = entry.get(key);
    return node != null && !node.isNull() && !(node.isTextual() && node.textValue().isBlank());
  }

  /** A name or path: one URL segment, not {@code v1}. */
  private Optional<String> segment(String field, JsonNode node) {
    if (node == null || node.isNull() || !node.isTextual()) {
      values.problems().add(field, Problems.show(node, false), "a string of " + NAME_EXPECTED);
      return Optional.empty();
    }
    String text = node.textValue().strip();
    if (!NAME.matcher(text).matches()) {
      values.problems().add(field, Problems.show(node.textValue(), false), NAME_EXPECTED);
      return Optional.empty();
    }
    if (text.equals(RESERVED_SEGMENT)) {
      values.problems().add(field, Problems.show(text, false), "a name other than v1");
      return Optional.empty();
    }
    return Optional.of(text);
  }

  /** Names and paths share one namespace (both route {@code /{segment}/v1}). */
  private void checkUnique(List<ProviderSettings> providers, List<String> labels) {
    Map<String, Integer> owners = new HashMap<>();
    for (int i = 0; i < providers.size(); i++) {
      ProviderSettings provider = providers.get(i);
      // The top-level provider is claimed first, so it is never the one reported.
      String label = labels.get(i) == null ? "top-level provider" : labels.get(i);
      claim(owners, provider.name(), i, label + ".name");
      if (!provider.path().equals(provider.name())) {
        claim(owners, provider.path(), i, label + ".path");
      }
    }
  }

  private void claim(Map<String, Integer> owners, String segment, int owner, String field) {
    Integer previous = owners.putIfAbsent(segment, owner);
    if (previous != null && previous != owner) {
      values.problems().add(field, Problems.show(segment, false),
          "a name and path not used by another provider");
    }
  }

  private static List<Secret> secrets(List<String> texts) {
    return texts.stream().map(Secret::of).toList();
  }
}
