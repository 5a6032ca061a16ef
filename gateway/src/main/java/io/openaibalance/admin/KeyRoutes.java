package io.openaibalance.admin;

import static io.openaibalance.admin.AdminReplies.blocking;
import static io.openaibalance.admin.AdminReplies.invalid;
import static io.openaibalance.admin.AdminReplies.jsonBody;
import static io.openaibalance.admin.AdminReplies.notFound;
import static io.openaibalance.admin.AdminReplies.printable;
import static io.openaibalance.admin.AdminReplies.send;

import io.openaibalance.keys.KeyHealth;
import io.openaibalance.keys.KeyStatus;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.provider.Provider;
import io.openaibalance.relay.RelaySnapshot;
import io.openaibalance.secret.Secret;
import io.openaibalance.store.AdminStore;
import io.openaibalance.store.UsageStatistics;
import io.openaibalance.store.UsageStatistics.KeyCounts;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.ErrorResponder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of every provider for the admin pages: the paged, filtered list with each key's health,
 * label and last-24-hour use; add one or a pasted batch; delete, enable, disable and reset one or
 * many. Keys are addressed by id, never by the key itself, and shown masked. Enabling, disabling
 * and resetting act on the live pools at once; adding and deleting go through {@link
 * AdminChanges} (validated, saved, then live).
 */
public final class KeyRoutes {
  private static final Duration USAGE_WINDOW = Duration.ofHours(24);

  private final Vertx vertx;
  private final AdminChanges changes;
  private final AdminStore store;
  private final UsageStatistics statistics;
  private final java.util.function.Supplier<RelaySnapshot> snapshots;
  private final Clock clock;

  public KeyRoutes(Vertx vertx, AdminChanges changes, AdminStore store,
      UsageStatistics statistics, java.util.function.Supplier<RelaySnapshot> snapshots,
      Clock clock) {
    this.vertx = vertx;
    this.changes = changes;
    this.store = store;
    this.statistics = statistics;
    this.snapshots = snapshots;
    this.clock = clock;
  }

  /** Adds the routes to the admin router (behind its authentication). */
  public void mount(Router router) {
    router.get("/api/keys").handler(this::list);
    router.post("/api/keys").handler(this::addKey);
    router.post("/api/keys/batch").handler(this::addKeys);
    router.post("/api/keys/bulk").handler(this::bulk);
    router.post("/api/keys/lookup").handler(this::lookup);
    router.post("/api/keys/reset-fail-count/:keyId").handler(this::resetOne);
    router.post("/api/keys/reset-fail-count").handler(this::resetMany);
    router.delete("/api/keys/:provider/:keyId").handler(this::removeKey);
    router.post("/api/keys/:provider/:keyId/disable")
        .handler(context -> setDisabled(context, true));
    router.post("/api/keys/:provider/:keyId/enable")
        .handler(context -> setDisabled(context, false));
  }

  private void list(RoutingContext context) {
    KeyListing.Query query;
    try {
      query = query(context.queryParams());
    } catch (IllegalArgumentException e) {
      invalid(context, "invalid_query", e.getMessage());
      return;
    }
    RelaySnapshot snapshot = snapshots.get();
    blocking(vertx, context, 200, () -> {
      Map<String, Map<String, String>> labels = store.labels();
      Instant now = clock.instant();
      Map<List<String>, KeyCounts> usage = new HashMap<>();
      for (KeyCounts counts : statistics.perKey(
          new UsageStatistics.Period(now.minus(USAGE_WINDOW), now))) {
        counts.keyId().ifPresent(id -> usage.put(List.of(counts.provider(), id), counts));
      }
      List<KeyListing.Row> rows = new ArrayList<>();
      for (Provider provider : snapshot.providers().all()) {
        Set<String> added = ids(store.current().addedKeys(provider.name()));
        Map<String, String> providerLabels = labels.getOrDefault(provider.name(), Map.of());
        for (PooledKey key : provider.keys().keys()) {
          Optional<KeyCounts> used = Optional.ofNullable(
              usage.get(List.of(provider.name(), key.id())));
          rows.add(new KeyListing.Row(provider.name(), key, added.contains(key.id()),
              Optional.ofNullable(providerLabels.get(key.id())), key.health().status(now),
              used.map(c -> c.counts().calls()).orElse(0L),
              used.map(c -> c.counts().failures()).orElse(0L),
              used.map(KeyCounts::tokens).orElse(0L)));
        }
      }
      KeyListing.Result result = KeyListing.list(rows, query);
      JsonArray summary = new JsonArray();
      result.totals().forEach(totals -> summary.add(new JsonObject()
          .put("provider", totals.provider()).put("active", totals.active())
          .put("cooling", totals.cooling()).put("disabled", totals.disabled())
          .put("total", totals.total())));
      return new JsonObject().put("total", result.matching()).put("page", query.page())
          .put("size", query.size()).put("summary", summary)
          .put("keys", new JsonArray(result.rows().stream().map(row -> json(row, now)).toList()));
    });
  }

  private static KeyListing.Query query(MultiMap params) {
    Optional<KeyStatus> state = Optional.ofNullable(params.get("state")).filter(s -> !s.isBlank())
        .map(s -> {
          try {
            return KeyStatus.valueOf(s.toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state must be active, cooling or disabled.");
          }
        });
    try {
      return new KeyListing.Query(
          Optional.ofNullable(params.get("provider")).filter(s -> !s.isBlank()), state,
          Optional.ofNullable(params.get("search")),
          number(params, "min_failures", 0),
          Optional.ofNullable(params.get("sort")).filter(s -> !s.isBlank()),
          "desc".equalsIgnoreCase(params.get("order")),
          number(params, "page", 0), number(params, "size", 50));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("page, size and min_failures are whole numbers.");
    }
  }

  private static int number(MultiMap params, String name, int fallback) {
    String value = params.get(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
  }

  private static JsonObject json(KeyListing.Row row, Instant now) {
    KeyHealth health = row.key().health();
    return new JsonObject()
        .put("provider", row.provider())
        .put("id", row.key().id())
        .put("key", row.key().secret().masked())
        .put("label", row.label().orElse(null))
        .put("source", row.fromAdmin() ? "admin" : "env")
        .put("state", row.status().name().toLowerCase(Locale.ROOT))
        .put("failures", health.failures())
        .put("cooling_until", health.coolingUntil().isAfter(now)
            ? health.coolingUntil().toString() : null)
        .put("last_error", health.lastError().orElse(null))
        .put("last_error_at", health.lastErrorAt().map(Object::toString).orElse(null))
        .put("calls_24h", row.calls())
        .put("failures_24h", row.failures())
        .put("tokens_24h", row.tokens());
  }

  /**
   * {@code {"key": "sk-..."}}: the key's id, which the page then searches by, so a whole key typed
   * into the search box never goes into a URL (where proxies and access logs keep it).
   */
  private void lookup(RoutingContext context) {
    Optional<JsonObject> body = jsonBody(context);
    if (body.isEmpty()) {
      return;
    }
    String key = body.get().getValue("key") instanceof String text ? text.strip() : "";
    if (key.isEmpty()) {
      invalid(context, "missing_key", "Send the key as \"key\".");
      return;
    }
    send(context, 200, new JsonObject().put("id", Secret.of(key).id()));
  }

  /** {@code {"provider": "default", "key": "sk-...", "label": "team A"}}. */
  private void addKey(RoutingContext context) {
    Optional<JsonObject> body = jsonBody(context);
    if (body.isEmpty()) {
      return;
    }
    String providerName = body.get().getString("provider", "default");
    String text = body.get().getString("key", "").strip();
    Optional<Provider> provider = snapshots.get().providers().byName(providerName);
    if (provider.isEmpty()) {
      notFound(context, "provider_not_found",
          "No provider is named '" + printable(providerName) + "'.");
      return;
    }
    if (text.isEmpty()) {
      invalid(context, "missing_key", "Send the key as \"key\".");
      return;
    }
    Secret key = Secret.of(text);
    if (provider.get().keys().keys().stream().anyMatch(k -> k.id().equals(key.id()))) {
      ErrorResponder.respond(context.response(), ApiError.invalidRequest(409, "key_exists",
          "Provider '" + providerName + "' already has the key " + key.masked() + "."));
      return;
    }
    Optional<String> label = Optional.ofNullable(body.get().getString("label"));
    blocking(vertx, context, 201, () -> {
      changes.addKey(providerName, key, label);
      return new JsonObject().put("provider", providerName).put("id", key.id())
          .put("key", key.masked());
    });
  }

  /** {@code {"provider": "default", "keys": "<pasted text>", "label": "..."}}. */
  private void addKeys(RoutingContext context) {
    Optional<JsonObject> body = jsonBody(context);
    if (body.isEmpty()) {
      return;
    }
    String providerName = body.get().getString("provider", "default");
    Optional<Provider> provider = snapshots.get().providers().byName(providerName);
    if (provider.isEmpty()) {
      notFound(context, "provider_not_found",
          "No provider is named '" + printable(providerName) + "'.");
      return;
    }
    Set<String> present = new HashSet<>();
    provider.get().keys().keys().forEach(key -> present.add(key.id()));
    KeyPaste paste = KeyPaste.parse(body.get().getString("keys", ""), present);
    Optional<String> label = Optional.ofNullable(body.get().getString("label"));
    blocking(vertx, context, 200, () -> {
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
    Optional<String> refused = removable(provider, keyId);
    if (refused.isPresent()) {
      boolean fromEnv = refused.get().equals(KEY_FROM_ENV);
      ErrorResponder.respond(context.response(), fromEnv
          ? ApiError.invalidRequest(409, "key_from_env", "This key comes from .env or the"
              + " environment: remove it there (or disable it here).")
          : ApiError.notFound("key_not_found", "Provider '" + printable(provider)
              + "' has no key with the id '" + printable(keyId) + "'."));
      return;
    }
    blocking(vertx, context, 200, () -> {
      changes.removeKey(provider, keyId);
      return new JsonObject().put("removed", keyId);
    });
  }

  private static final String KEY_FROM_ENV = "the key comes from .env or the environment";
  private static final String NO_SUCH_KEY = "no such key";

  /** Why this key cannot be deleted here, or empty when it can. */
  private Optional<String> removable(String provider, String keyId) {
    if (ids(store.current().addedKeys(provider)).contains(keyId)) {
      return Optional.empty();
    }
    return Optional.of(find(provider, keyId).isPresent() ? KEY_FROM_ENV : NO_SUCH_KEY);
  }

  private void setDisabled(RoutingContext context, boolean disabled) {
    Optional<PooledKey> key = find(context.pathParam("provider"), context.pathParam("keyId"));
    if (key.isEmpty()) {
      notFound(context, "key_not_found", "No such key in that provider.");
      return;
    }
    key.get().setDisabled(disabled);
    send(context, 200, stateOf(key.get()));
  }

  /**
   * Sets the failure count to zero and clears a cooldown, so the key serves again — as in the
   * original, where a key is disabled by its failure count. With {@code ?provider=} only that
   * provider's key; otherwise the key wherever it is configured.
   */
  private void resetOne(RoutingContext context) {
    String keyId = context.pathParam("keyId");
    Optional<String> provider = Optional.ofNullable(context.queryParams().get("provider"));
    List<PooledKey> keys = new ArrayList<>();
    for (Provider candidate : snapshots.get().providers().all()) {
      if (provider.map(candidate.name()::equals).orElse(true)) {
        candidate.keys().keys().stream().filter(k -> k.id().equals(keyId)).forEach(keys::add);
      }
    }
    if (keys.isEmpty()) {
      notFound(context, "key_not_found", "No key has the id '" + printable(keyId) + "'.");
      return;
    }
    keys.forEach(key -> key.setDisabled(false));
    send(context, 200, stateOf(keys.get(0)).put("reset", keys.size()));
  }

  /** {@code {"keys": [{"provider": "p", "id": "k"}]}}, or {@code {"all": true}}. */
  private void resetMany(RoutingContext context) {
    Optional<JsonObject> body = jsonBody(context);
    if (body.isEmpty()) {
      return;
    }
    List<PooledKey> keys = new ArrayList<>();
    if (body.get().getBoolean("all", false)) {
      snapshots.get().providers().all().forEach(p -> keys.addAll(p.keys().keys()));
    } else {
      Optional<Map<String, Set<String>>> chosen = chosenKeys(context, body.get());
      if (chosen.isEmpty()) {
        return;
      }
      chosen.get().forEach((provider, ids) -> ids.forEach(id ->
          find(provider, id).ifPresent(keys::add)));
    }
    int reset = 0;
    for (PooledKey key : keys) {
      if (key.health().failures() > 0 || !key.usable(clock.instant())) {
        key.setDisabled(false);
        reset++;
      }
    }
    send(context, 200, new JsonObject().put("reset", reset).put("keys", keys.size()));
  }

  /**
   * {@code {"action": "enable|disable|reset|delete", "keys": [{"provider": "p", "id": "k"}]}}:
   * the keys that could not take the action are listed with the reason. Deletes go in one
   * transaction and one configuration swap.
   */
  private void bulk(RoutingContext context) {
    Optional<JsonObject> body = jsonBody(context);
    if (body.isEmpty()) {
      return;
    }
    String action = body.get().getString("action", "");
    if (!List.of("enable", "disable", "reset", "delete").contains(action)) {
      invalid(context, "invalid_action", "action must be enable, disable, reset or delete.");
      return;
    }
    Optional<Map<String, Set<String>>> chosen = chosenKeys(context, body.get());
    if (chosen.isEmpty()) {
      return;
    }
    JsonArray skipped = new JsonArray();
    Map<String, Set<String>> deletable = new LinkedHashMap<>();
    int[] done = {0};
    chosen.get().forEach((provider, ids) -> ids.forEach(id -> {
      if (action.equals("delete")) {
        Optional<String> refused = removable(provider, id);
        if (refused.isPresent()) {
          skipped.add(skip(provider, id, refused.get()));
        } else {
          deletable.computeIfAbsent(provider, p -> new HashSet<>()).add(id);
          done[0]++;
        }
        return;
      }
      Optional<PooledKey> key = find(provider, id);
      if (key.isEmpty()) {
        skipped.add(skip(provider, id, NO_SUCH_KEY));
        return;
      }
      key.get().setDisabled(action.equals("disable"));
      done[0]++;
    }));
    JsonObject result = new JsonObject().put("action", action).put("done", done[0])
        .put("skipped", skipped);
    if (deletable.isEmpty()) {
      send(context, 200, result);
      return;
    }
    blocking(vertx, context, 200, () -> {
      changes.removeKeys(deletable);
      return result;
    });
  }

  /** The {@code keys} array of a body as ids by provider, or empty after answering 400. */
  private static Optional<Map<String, Set<String>>> chosenKeys(RoutingContext context,
      JsonObject body) {
    Map<String, Set<String>> chosen = new LinkedHashMap<>();
    Object keys = body.getValue("keys");
    if (!(keys instanceof JsonArray list)) {
      invalid(context, "missing_keys", "Send the keys as \"keys\": [{\"provider\": \"default\","
          + " \"id\": \"...\"}].");
      return Optional.empty();
    }
    for (Object item : list) {
      if (!(item instanceof JsonObject key) || key.getValue("provider") instanceof String == false
          || key.getValue("id") instanceof String == false) {
        invalid(context, "invalid_keys", "Each entry of \"keys\" is {\"provider\": \"...\","
            + " \"id\": \"...\"}.");
        return Optional.empty();
      }
      chosen.computeIfAbsent(key.getString("provider"), p -> new HashSet<>())
          .add(key.getString("id"));
    }
    return Optional.of(chosen);
  }

  private static JsonObject skip(String provider, String id, String reason) {
    return new JsonObject().put("provider", provider).put("id", id).put("reason", reason);
  }

  private JsonObject stateOf(PooledKey key) {
    return new JsonObject().put("id", key.id())
        .put("state", key.health().status(clock.instant()).name().toLowerCase(Locale.ROOT))
        .put("failures", key.health().failures());
  }

  private Optional<PooledKey> find(String provider, String keyId) {
    return snapshots.get().providers().byName(provider).flatMap(p ->
        p.keys().keys().stream().filter(k -> k.id().equals(keyId)).findFirst());
  }

  private static Set<String> ids(List<Secret> keys) {
    Set<String> ids = new HashSet<>();
    keys.forEach(key -> ids.add(key.id()));
    return ids;
  }
}
