package io.openaibalance.admin;

import io.openaibalance.config.InvalidSettingsException;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.config.SettingsLoader.VariableView;
import io.openaibalance.config.Variable;
import io.openaibalance.keys.KeyHealth;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.provider.Provider;
import io.openaibalance.relay.RelaySnapshot;
import io.openaibalance.secret.Secret;
import io.openaibalance.store.AdminStore;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.ErrorResponder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The admin routes that change the configuration: settings (each with its source, secrets
 * masked) and keys (list, add, remove, enable, disable). Every change goes through {@link
 * AdminChanges}, so it is validated whole, saved, then live; database and file work runs on a
 * worker thread.
 */
public final class ConfigurationRoutes {
  private final Vertx vertx;
  private final AdminChanges changes;
  private final AdminStore store;
  private final SettingsLoader loader;
  private final Supplier<RelaySnapshot> snapshots;
  private final Clock clock;

  public ConfigurationRoutes(Vertx vertx, AdminChanges changes, AdminStore store,
      SettingsLoader loader, Supplier<RelaySnapshot> snapshots, Clock clock) {
    this.vertx = vertx;
    this.changes = changes;
    this.store = store;
    this.loader = loader;
    this.snapshots = snapshots;
    this.clock = clock;
  }

  /** Adds the routes to the admin router (behind its authentication). */
  public void mount(Router router) {
    router.get("/api/config").handler(context -> blocking(context, this::settings));
    router.put("/api/config").handler(this::saveSettings);
    router.get("/api/config/providers").handler(context -> send(context, 200, providers()));
    router.put("/api/config/providers/:name").handler(this::saveProvider);
    router.delete("/api/config/providers/:name").handler(this::removeProvider);
    router.get("/api/keys").handler(this::listKeys);
    router.post("/api/keys").handler(this::addKey);
    router.post("/api/keys/batch").handler(this::addKeys);
    router.delete("/api/keys/:provider/:keyId").handler(this::removeKey);
    router.post("/api/keys/:provider/:keyId/disable").handler(context -> setDisabled(context, true));
    router.post("/api/keys/:provider/:keyId/enable").handler(context -> setDisabled(context, false));
  }

  private JsonObject settings() {
    JsonArray variables = new JsonArray();
    for (VariableView view : loader.describe()) {
      Variable variable = view.variable();
      variables.add(new JsonObject()
          .put("name", variable.name())
          .put("value", view.value())
          .put("source", view.source().name().toLowerCase(Locale.ROOT))
          .put("secret", variable.secret())
          .put("overridable", view.overridable())
          .put("default", variable.secret() ? "" : variable.defaultValue())
          .put("description", variable.description()));
    }
    return new JsonObject().put("variables", variables);
  }

  /** {@code {"NAME": "value", "OTHER": null}}: null removes an override. */
  private void saveSettings(RoutingContext context) {
    Optional<JsonObject> body = body(context);
    if (body.isEmpty()) {
      return;
    }
    Map<Variable, Optional<String>> wanted = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : body.get()) {
      Optional<Variable> variable = variable(entry.getKey());
      if (variable.isEmpty() || variable.get().use() != Variable.Use.SETTINGS) {
        ErrorResponder.respond(context.response(), ApiError.invalidRequest(400, "not_overridable",
            printable(entry.getKey()) + " is not a setting an admin can override."));
        return;
      }
      wanted.put(variable.get(), Optional.ofNullable(entry.getValue()).map(String::valueOf));
    }
    blocking(context, () -> {
      changes.saveOverrides(wanted);
      return settings();
    });
  }

  private JsonObject providers() {
    JsonArray list = new JsonArray();
    for (Provider provider : snapshots.get().providers().all()) {
      var settings = provider.settings();
      JsonObject headers = new JsonObject();
      settings.customHeaders().forEach((name, value) -> headers.put(name, Secret.mask(value)));
      list.add(new JsonObject()
          .put("name", provider.name())
          .put("path", settings.path())
          .put("base_url", settings.baseUrl().toString())
          .put("enabled", settings.enabled())
          .put("keys", provider.keys().size())
          .put("custom_headers", headers)
          .put("timeout", settings.timeout().toMillis() / 1000.0)
          .put("max_failures", settings.maxFailures())
          .put("max_retries", settings.maxRetries())
          .put("test_model", settings.testModel())
          .put("proxies", new JsonArray(provider.proxies().proxies().stream()
              .map(proxy -> proxy.address().masked()).toList()))
          .put("source", store.current().providers().containsKey(provider.name()) ? "admin"
              : "env"));
    }
    return new JsonObject().put("providers", list);
  }

  /** The body is a {@code PROVIDERS_CONFIG} entry; its name comes from the path. */
  private void saveProvider(RoutingContext context) {
    Optional<JsonObject> body = body(context);
    if (body.isEmpty()) {
      return;
    }
    String name = context.pathParam("name");
    com.fasterxml.jackson.databind.node.ObjectNode entry;
    try {
      entry = (com.fasterxml.jackson.databind.node.ObjectNode)
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(body.get().encode());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      ErrorResponder.respond(context.response(), ApiError.invalidRequest(400, "invalid_json",
          "The provider is not a JSON object."));
      return;
    }
    entry.put("name", name);
    blocking(context, () -> {
      changes.saveProvider(entry);
      return providers();
    });
  }

  private void removeProvider(RoutingContext context) {
    String name = context.pathParam("name");
    if (!store.current().providers().containsKey(name)) {
      boolean configured = snapshots.get().providers().byName(name).isPresent();
      ErrorResponder.respond(context.response(), configured
          ? ApiError.invalidRequest(409, "provider_from_env", "This provider comes from .env or"
              + " the environment: remove it there (or disable it here).")
          : ApiError.notFound("provider_not_found", "No provider is named '" + printable(name)
              + "'."));
      return;
    }
    blocking(context, () -> {
      changes.removeProvider(name);
      return providers();
    });
  }

  private JsonObject keys() {
    JsonArray providers = new JsonArray();
    Instant now = clock.instant();
    for (Provider provider : snapshots.get().providers().all()) {
      var added = store.current().addedKeys(provider.name());
      JsonArray keys = new JsonArray();
      for (PooledKey key : provider.keys().keys()) {
        KeyHealth health = key.health();
        keys.add(new JsonObject()
            .put("id", key.id())
            .put("key", key.secret().masked())
            .put("source", added.contains(key.secret()) ? "admin" : "env")
            .put("state", health.status(now).name().toLowerCase(Locale.ROOT))
            .put("failures", health.failures())
            .put("cooling_until", health.coolingUntil().isAfter(now)
                ? health.coolingUntil().toString() : null)
            .put("last_error", health.lastError().orElse(null))
            .put("last_error_at", health.lastErrorAt().map(Object::toString).orElse(null)));
      }
      providers.add(new JsonObject().put("name", provider.name()).put("keys", keys));
    }
    return new JsonObject().put("providers", providers);
  }

  private void listKeys(RoutingContext context) {
    send(context, 200, keys());
  }

  /** {@code {"provider": "default", "key": "sk-...", "label": "team A"}}. */
  private void addKey(RoutingContext context) {
    Optional<JsonObject> body = body(context);
    if (body.isEmpty()) {
      return;
    }
    String providerName = body.get().getString("provider", "default");
    String text = body.get().getString("key", "").strip();
    Optional<Provider> provider = snapshots.get().providers().byName(providerName);
    if (provider.isEmpty()) {
      ErrorResponder.respond(context.response(), ApiError.notFound("provider_not_found",
          "No provider is named '" + printable(providerName) + "'."));
      return;
    }
    if (text.isEmpty()) {
      ErrorResponder.respond(context.response(), ApiError.invalidRequest(400, "missing_key",
          "Send the key as \"key\"."));
      return;
    }
    Secret key = Secret.of(text);
    if (provider.get().keys().keys().stream().anyMatch(k -> k.id().equals(key.id()))) {
      ErrorResponder.respond(context.response(), ApiError.invalidRequest(409, "key_exists",
          "Provider '" + providerName + "' already has the key " + key.masked() + "."));
      return;
    }
    Optional<String> label = Optional.ofNullable(body.get().getString("label"));
    blocking(context, 201, () -> {
      changes.addKey(providerName, key, label);
      return new JsonObject().put("provider", providerName).put("id", key.id())
          .put("key", key.masked());
    });
  }

  /** {@code {"provider": "default", "keys": "<pasted text>", "label": "..."}}. */
  private void addKeys(RoutingContext context) {
    Optional<JsonObject> body = body(context);
    if (body.isEmpty()) {
      return;
    }
    String providerName = body.get().getString("provider", "default");
    Optional<Provider> provider = snapshots.get().providers().byName(providerName);
    if (provider.isEmpty()) {
      ErrorResponder.respond(context.response(), ApiError.notFound("provider_not_found",
          "No provider is named '" + printable(providerName) + "'."));
      return;
    }
    java.util.Set<String> present = new java.util.HashSet<>();
    provider.get().keys().keys().forEach(key -> present.add(key.id()));
    KeyPaste paste = KeyPaste.parse(body.get().getString("keys", ""), present);
    Optional<String> label = Optional.ofNullable(body.get().getString("label"));
    blocking(context, () -> {
      if (!paste.fresh().isEmpty()) {
        changes.addKeys(providerName, paste.fresh(), label);
      }
      return new JsonObject().put("provider", providerName).put("added", paste.fresh().size())
          .put("duplicates", paste.duplicates()).put("invalid", paste.invalid());
    });
  }

  private void removeKey(RoutingContext context) {
    String provider = context.pathParam("provider");
    String keyId = context.pathParam("keyId");
    boolean added = store.current().addedKeys(provider).stream()
        .anyMatch(key -> key.id().equals(keyId));
    if (!added) {
      boolean fromEnv = find(provider, keyId).isPresent();
      ErrorResponder.respond(context.response(), fromEnv
          ? ApiError.invalidRequest(409, "key_from_env", "This key comes from .env or the"
              + " environment: remove it there (or disable it here).")
          : ApiError.notFound("key_not_found", "Provider '" + printable(provider)
              + "' has no key with the id '" + printable(keyId) + "'."));
      return;
    }
    blocking(context, () -> {
      changes.removeKey(provider, keyId);
      return new JsonObject().put("removed", keyId);
    });
  }

  private void setDisabled(RoutingContext context, boolean disabled) {
    Optional<PooledKey> key = find(context.pathParam("provider"), context.pathParam("keyId"));
    if (key.isEmpty()) {
      ErrorResponder.respond(context.response(), ApiError.notFound("key_not_found",
          "No such key in that provider."));
      return;
    }
    key.get().setDisabled(disabled);
    send(context, 200, new JsonObject().put("id", key.get().id())
        .put("state", key.get().health().status(clock.instant()).name().toLowerCase(Locale.ROOT)));
  }

  private Optional<PooledKey> find(String provider, String keyId) {
    return snapshots.get().providers().byName(provider).flatMap(p ->
        p.keys().keys().stream().filter(k -> k.id().equals(keyId)).findFirst());
  }

  private void blocking(RoutingContext context, Callable<JsonObject> work) {
    blocking(context, 200, work);
  }

  private void blocking(RoutingContext context, int status, Callable<JsonObject> work) {
    vertx.executeBlocking(work).onComplete(outcome -> {
      if (outcome.succeeded()) {
        send(context, status, outcome.result());
      } else if (outcome.cause() instanceof InvalidSettingsException invalid) {
        // The problems name the field and mask secrets; nothing was saved.
        ErrorResponder.respond(context.response(), ApiError.invalidRequest(400,
            "invalid_settings", String.join("; ", invalid.problems())));
      } else {
        ErrorResponder.respond(context.response(), new ApiError(500, "server_error",
            "save_failed", "Nothing was changed: the save failed ("
                + outcome.cause().getClass().getSimpleName() + ")."));
      }
    });
  }

  private static Optional<JsonObject> body(RoutingContext context) {
    try {
      String text = context.body().asString();
      return Optional.of(text == null || text.isBlank() ? new JsonObject() : new JsonObject(text));
    } catch (DecodeException | ClassCastException e) {
      ErrorResponder.respond(context.response(), ApiError.invalidRequest(400, "invalid_json",
          "The request body is not a JSON object."));
      return Optional.empty();
    }
  }

  private static void send(RoutingContext context, int status, JsonObject json) {
    context.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json.toBuffer());
  }

  private static Optional<Variable> variable(String name) {
    try {
      return Optional.of(Variable.valueOf(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String printable(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }
}
