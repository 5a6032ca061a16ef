package io.openaibalance.admin;

import static io.openaibalance.admin.AdminReplies.jsonBody;
import static io.openaibalance.admin.AdminReplies.printable;
import static io.openaibalance.admin.AdminReplies.send;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.config.SettingsLoader.VariableView;
import io.openaibalance.config.Variable;
import io.openaibalance.provider.Provider;
import io.openaibalance.relay.RelaySnapshot;
import io.openaibalance.secret.Secret;
import io.openaibalance.store.AdminStore;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.ErrorResponder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The admin routes that change the configuration: settings (each with its source, secrets
 * masked) and providers. Every change goes through {@link
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
  }

  private JsonObject settings() {
    JsonArray variables = new JsonArray();
    for (VariableView view : loader.describe()) {
      Variable variable = view.variable();
      variables.add(new JsonObject()
          .put("name", variable.name())
          .put("group", SettingGroups.of(variable))
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
    Optional<JsonObject> body = jsonBody(context);
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
    Optional<JsonObject> body = jsonBody(context);
    if (body.isEmpty()) {
      return;
    }
    String name = context.pathParam("name");
    ObjectNode entry;
    try {
      entry = (ObjectNode) new ObjectMapper().readTree(body.get().encode());
    } catch (JsonProcessingException e) {
      ErrorResponder.respond(context.response(), ApiError.invalidRequest(400, "invalid_json",
          "The provider is not a JSON object."));
      return;
    }
    blocking(context, () -> {
      changes.saveProvider(mergedEntry(name, entry));
      return providers();
    });
  }

  /**
   * The fields sent laid over the admin's saved entry of that provider: a field left out keeps
   * its value, a field sent as null is dropped (so the file's value, if any, shows again). The
   * page sees keys and headers only masked, so it can change a provider without resending them.
   */
  private ObjectNode mergedEntry(String name,
      ObjectNode sent) {
    ObjectNode saved = store.current().providers().get(name);
    ObjectNode merged = saved == null
        ? JsonNodeFactory.instance.objectNode()
        : saved.deepCopy();
    sent.fields().forEachRemaining(field -> {
      if (field.getValue().isNull()) {
        merged.remove(field.getKey());
      } else {
        merged.set(field.getKey(), field.getValue());
      }
    });
    merged.put("name", name);
    return merged;
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

  private void blocking(RoutingContext context, Callable<JsonObject> work) {
    AdminReplies.blocking(vertx, context, 200, work);
  }

  private static Optional<Variable> variable(String name) {
    try {
      return Optional.of(Variable.valueOf(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
