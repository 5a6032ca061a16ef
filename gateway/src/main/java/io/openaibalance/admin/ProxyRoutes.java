package io.openaibalance.admin;

import static io.openaibalance.admin.AdminReplies.blocking;
import static io.openaibalance.admin.AdminReplies.jsonBody;
import static io.openaibalance.admin.AdminReplies.notFound;
import static io.openaibalance.admin.AdminReplies.printable;

import io.openaibalance.config.Variable;
import io.openaibalance.egress.ProxyAddress;
import io.openaibalance.egress.ProxyRegistry;
import io.openaibalance.relay.RelaySnapshot;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Changes the global proxy list ({@code PROXIES}) from the admin pages: add pasted proxies, remove
 * one, remove the unavailable ones. The whole list is saved as one admin override (sealed, since
 * URLs may carry passwords), validated first, and live at once.
 */
public final class ProxyRoutes {
  private static final Pattern SEPARATORS = Pattern.compile("[\\s,;\"'\\[\\]]+");

  private final Vertx vertx;
  private final AdminChanges changes;
  private final ProxyRegistry registry;
  private final Supplier<RelaySnapshot> snapshots;

  public ProxyRoutes(Vertx vertx, AdminChanges changes, ProxyRegistry registry,
      Supplier<RelaySnapshot> snapshots) {
    this.vertx = vertx;
    this.changes = changes;
    this.registry = registry;
    this.snapshots = snapshots;
  }

  public void mount(Router router) {
    router.post("/api/config/proxies").handler(this::add);
    router.post("/api/config/proxies/remove-unavailable").handler(this::removeUnavailable);
    router.delete("/api/config/proxies/:id").handler(this::remove);
  }

  /** {@code {"proxies": "<pasted URLs, one per line or comma-separated>"}}. */
  private void add(RoutingContext context) {
    Optional<JsonObject> body = jsonBody(context);
    if (body.isEmpty()) {
      return;
    }
    Map<String, ProxyAddress> list = configured();
    int duplicates = 0;
    JsonArray invalid = new JsonArray();
    for (String text : SEPARATORS.split(body.get().getString("proxies", ""))) {
      if (text.isBlank()) {
        continue;
      }
      try {
        ProxyAddress address = ProxyAddress.parse(text);
        if (list.putIfAbsent(address.id(), address) != null) {
          duplicates++;
        }
      } catch (IllegalArgumentException e) {
        invalid.add(e.getMessage()); // masks the password
      }
    }
    int added = list.size() - configured().size();
    JsonObject result = new JsonObject().put("added", added).put("duplicates", duplicates)
        .put("invalid", invalid);
    save(context, list, result);
  }

  private void remove(RoutingContext context) {
    String id = context.pathParam("id");
    Map<String, ProxyAddress> list = configured();
    if (list.remove(id) == null) {
      notFound(context, "proxy_not_found", "PROXIES has no proxy with the id '"
          + printable(id) + "'.");
      return;
    }
    save(context, list, new JsonObject().put("removed", 1));
  }

  /** Drops the proxies that checks or traffic disabled (after PROXY_MAX_FAILURES failures). */
  private void removeUnavailable(RoutingContext context) {
    Set<String> unavailable = registry.all().stream().filter(proxy -> proxy.health().disabled())
        .map(proxy -> proxy.address().id()).collect(Collectors.toSet());
    Map<String, ProxyAddress> list = configured();
    int before = list.size();
    list.keySet().removeIf(unavailable::contains);
    save(context, list, new JsonObject().put("removed", before - list.size()));
  }

  private Map<String, ProxyAddress> configured() {
    Map<String, ProxyAddress> list = new LinkedHashMap<>();
    snapshots.get().settings().proxies().proxies().forEach(p -> list.put(p.id(), p));
    return list;
  }

  private void save(RoutingContext context, Map<String, ProxyAddress> list, JsonObject result) {
    JsonArray urls = new JsonArray();
    list.values().forEach(address -> urls.add(address.revealedUrl()));
    blocking(vertx, context, 200, () -> {
      changes.saveOverrides(Map.of(Variable.PROXIES, Optional.of(urls.encode())));
      return result.put("proxies", new JsonArray(list.values().stream()
          .map(ProxyAddress::masked).toList()));
    });
  }
}
