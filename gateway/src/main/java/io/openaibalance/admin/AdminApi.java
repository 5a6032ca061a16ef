package io.openaibalance.admin;

import static io.openaibalance.admin.AdminReplies.jsonBody;
import static io.openaibalance.admin.AdminReplies.printable;
import static io.openaibalance.admin.AdminReplies.send;

import io.openaibalance.egress.LiveProxy;
import io.openaibalance.egress.ProxyChecker.ProxyCheck;
import io.openaibalance.egress.ProxyHealth;
import io.openaibalance.egress.ProxyRegistry;
import io.openaibalance.jobs.JobScheduler;
import io.openaibalance.jobs.JobStatus;
import io.openaibalance.keys.KeyEvent;
import io.openaibalance.provider.Provider;
import io.openaibalance.relay.KeyVerifier.KeyCheck;
import io.openaibalance.relay.ModelLister;
import io.openaibalance.relay.RelaySnapshot;
import io.openaibalance.store.KeyEventRepository;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.ErrorResponder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The admin JSON API under {@code /api}: every route behind {@link AdminAuth}, bodies bounded,
 * secrets only ever masked in what it returns. Further routes (settings, keys, logs) are mounted on
 * {@link #router()} by the composition root.
 */
public final class AdminApi {
  private static final long MAX_BODY = 1024 * 1024;
  private static final int HISTORY_LIMIT = 200;

  private final Router router;
  private final KeyChecks keyChecks;
  private final ProxyChecks proxyChecks;
  private final ProxyRegistry proxies;
  private final AdminAuth auth;

  public AdminApi(Vertx vertx, Supplier<RelaySnapshot> snapshots, KeyChecks keyChecks,
      ProxyChecks proxyChecks, ProxyRegistry proxies, java.time.Clock clock) {
    this.keyChecks = keyChecks;
    this.proxyChecks = proxyChecks;
    this.proxies = proxies;
    this.router = Router.router(vertx);
    this.auth = new AdminAuth(snapshots, new AdminSessions(clock), new LoginThrottle(clock));
    router.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY));
    Buffer openApi = openApiDocument();
    router.get("/api/openapi.json").handler(context -> context.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(openApi.copy()));
    router.post("/api/auth/login").handler(auth::login);
    router.route("/api/*").handler(auth);
    router.post("/api/auth/logout").handler(auth::logout);
    router.post("/api/config/proxy/check").handler(this::checkProxy);
    router.post("/api/config/proxy/check-all").handler(this::checkAllProxies);
    router.get("/api/config/proxies").handler(this::listProxies);
    router.post("/api/keys/verify/:keyId").handler(this::verifyKey);
    router.post("/api/keys/verify").handler(this::verifyKeys);
  }

  /**
   * Serves {@code GET /api/keys/:keyId/history}: when and why the key was disabled, cooled down or
   * brought back, newest first (read on a worker thread).
   */
  public void serveKeyHistory(Vertx vertx, KeyEventRepository repository) {
    router.get("/api/keys/:keyId/history").handler(context -> {
      String keyId = context.pathParam("keyId");
      reply(context, vertx.executeBlocking(() -> repository.history(keyId, HISTORY_LIMIT)),
          events -> new JsonObject().put("key_id", keyId).put("events", new JsonArray(
              events.stream().map(AdminApi::toJson).toList())));
    });
  }

  /**
   * Serves {@code GET /api/jobs} (each job's schedule, next and last run) and {@code POST
   * /api/jobs/:name/run} (run it now, in the background).
   */
  public void serveJobs(JobScheduler jobs) {
    router.get("/api/jobs").handler(context -> send(context, 200, new JsonObject().put("jobs",
        new JsonArray(jobs.status().stream().map(AdminApi::toJson).toList()))));
    router.post("/api/jobs/:name/run").handler(context -> {
      String name = context.pathParam("name");
      boolean known = jobs.status().stream().anyMatch(status -> status.name().equals(name));
      if (!known) {
        ErrorResponder.respond(context.response(), ApiError.notFound("job_not_found",
            "No job is named '" + printable(name) + "'."));
        return;
      }
      send(context, 200, new JsonObject().put("job", name).put("started", jobs.runNow(name)));
    });
  }

  /** Who is logged in, for the admin pages ({@link AdminPages}) to share the API's sessions. */
  AdminAuth auth() {
    return auth;
  }

  /**
   * Serves {@code GET /api/config/providers/:name/models}: the provider's model list, fetched by
   * the server with one of the provider's keys (the browser never holds one).
   */
  public void serveModelLists(ModelLister lister, Supplier<RelaySnapshot> snapshots) {
    router.get("/api/config/providers/:name/models").handler(context -> {
      String name = context.pathParam("name");
      Optional<Provider> provider = snapshots.get().providers().byName(name);
      if (provider.isEmpty()) {
        ErrorResponder.respond(context.response(), ApiError.notFound("provider_not_found",
            "No provider is named '" + printable(name) + "'."));
        return;
      }
      lister.list(provider.get()).onComplete(outcome -> {
        if (outcome.succeeded()) {
          send(context, 200, new JsonObject().put("provider", name)
              .put("models", new JsonArray(outcome.result())));
        } else if (outcome.cause() instanceof ModelLister.ListingFailed failed) {
          ErrorResponder.respond(context.response(), new ApiError(502, "upstream_error",
              "model_list_failed", failed.getMessage()));
        } else {
          failed(context, outcome.cause());
        }
      });
    });
  }

  /** The API's OpenAPI document, from the jar; it lists no secret, so it needs no login. */
  private static Buffer openApiDocument() {
    try (java.io.InputStream in =
        AdminApi.class.getResourceAsStream("/admin-api/openapi.json")) {
      return Buffer.buffer(in.readAllBytes());
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("admin-api/openapi.json is missing from the jar", e);
    }
  }

  /** Where the admin routes live; unknown paths end in an OpenAI-style 404. */
  public Router router() {
    return router;
  }

  private void checkProxy(RoutingContext context) {
    Optional<JsonObject> body = jsonBody(context);
    if (body.isEmpty()) {
      return;
    }
    if (body.get().getValue("id") instanceof String id) {
      Optional<Future<ProxyCheck>> byId = proxyChecks.checkById(id);
      if (byId.isEmpty()) {
        ErrorResponder.respond(context.response(), ApiError.notFound("proxy_not_found",
            "No proxy has the id '" + printable(id) + "'."));
        return;
      }
      reply(context, byId.get(), AdminApi::toJson);
      return;
    }
    String url = body.get().getString("proxy", "");
    Future<ProxyCheck> check;
    try {
      check = proxyChecks.check(url);
    } catch (IllegalArgumentException e) {
      // The message masks the URL's password.
      ErrorResponder.respond(context.response(),
          ApiError.invalidRequest(400, "invalid_proxy", e.getMessage()));
      return;
    }
    reply(context, check, AdminApi::toJson);
  }

  private void checkAllProxies(RoutingContext context) {
    reply(context, proxyChecks.checkAll(), checks -> new JsonObject()
        .put("total", checks.size())
        .put("available", checks.stream().filter(ProxyCheck::available).count())
        .put("results", new JsonArray(checks.stream().map(AdminApi::toJson).toList())));
  }

  private void listProxies(RoutingContext context) {
    JsonArray list = new JsonArray();
    for (LiveProxy proxy : proxies.all()) {
      ProxyHealth health = proxy.health();
      list.add(new JsonObject()
          .put("id", proxy.address().id())
          .put("proxy", proxy.address().masked())
          .put("enabled", !health.disabled())
          .put("consecutive_failures", health.consecutiveFailures())
          .put("last_checked_at", health.lastCheckedAt().map(Object::toString).orElse(null))
          .put("response_time", health.lastResponseTime().map(AdminApi::seconds).orElse(null))
          .put("last_error", health.lastError().orElse(null)));
    }
    send(context, 200, new JsonObject().put("proxies", list));
  }

  private void verifyKey(RoutingContext context) {
    String keyId = context.pathParam("keyId");
    Optional<String> provider = Optional.ofNullable(context.queryParams().get("provider"));
    keyChecks.verify(keyId, provider).onComplete(outcome -> {
      if (outcome.failed()) {
        failed(context, outcome.cause());
      } else if (outcome.result().isEmpty()) {
        ErrorResponder.respond(context.response(), ApiError.notFound("key_not_found",
            "No key has the id '" + printable(keyId) + "'."));
      } else {
        send(context, 200, toJson(outcome.result().get()));
      }
    });
  }

  /** {@code {"key_ids": [...], "provider": "..."}}, or {@code {"disabled": true}}. */
  private void verifyKeys(RoutingContext context) {
    Optional<JsonObject> body = jsonBody(context);
    if (body.isEmpty()) {
      return;
    }
    Future<List<KeyCheck>> checks;
    if (body.get().getBoolean("disabled", false)) {
      checks = keyChecks.recheckDisabled();
    } else {
      JsonArray ids = body.get().getJsonArray("key_ids", new JsonArray());
      checks = keyChecks.verify(ids.stream().map(String::valueOf).toList(),
          Optional.ofNullable(body.get().getString("provider")));
    }
    reply(context, checks, list -> new JsonObject()
        .put("total", list.size())
        .put("valid", list.stream().filter(KeyCheck::valid).count())
        .put("results", new JsonArray(list.stream().map(AdminApi::toJson).toList())));
  }

  private static <T> void reply(
      RoutingContext context, Future<T> result, Function<T, JsonObject> toJson) {
    result.onComplete(outcome -> {
      if (outcome.succeeded()) {
        send(context, 200, toJson.apply(outcome.result()));
      } else {
        failed(context, outcome.cause());
      }
    });
  }

  private static void failed(RoutingContext context, Throwable cause) {
    ErrorResponder.respond(context.response(), new ApiError(500, "server_error", "admin_failed",
        "The operation failed (" + cause.getClass().getSimpleName() + ")."));
  }

  static JsonObject toJson(ProxyCheck check) {
    return new JsonObject()
        .put("proxy", check.proxy())
        .put("is_available", check.available())
        .put("response_time", check.responseTime().map(AdminApi::seconds).orElse(null))
        .put("error_message", check.error().orElse(null))
        .put("checked_at", check.checkedAt().toString());
  }

  static JsonObject toJson(KeyCheck check) {
    return new JsonObject()
        .put("provider", check.provider())
        .put("key_id", check.keyId())
        .put("key", check.maskedKey())
        .put("valid", check.valid())
        .put("status", check.upstreamStatus().orElse(null))
        .put("detail", check.detail())
        .put("state", check.statusAfter().name().toLowerCase(java.util.Locale.ROOT));
  }

  static JsonObject toJson(KeyEvent event) {
    return new JsonObject()
        .put("at", event.at().toString())
        .put("provider", event.provider())
        .put("event", event.kind().name().toLowerCase(java.util.Locale.ROOT))
        .put("detail", event.detail().orElse(null))
        .put("until", event.until().map(Object::toString).orElse(null));
  }

  static JsonObject toJson(JobStatus status) {
    return new JsonObject()
        .put("name", status.name())
        .put("schedule", status.schedule())
        .put("next_run", status.nextRun().map(Object::toString).orElse(null))
        .put("running", status.running())
        .put("skipped_runs", status.skippedRuns())
        .put("last_run", status.lastRun().map(run -> new JsonObject()
            .put("started", run.started().toString())
            .put("seconds", seconds(run.duration()))
            .put("failure", run.failure().orElse(null))).orElse(null));
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
