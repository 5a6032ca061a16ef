package io.openaibalance.admin;

import io.openaibalance.relay.ErrorRecord;
import io.openaibalance.relay.RequestRecord;
import io.openaibalance.store.LogQuery;
import io.openaibalance.store.LogTable;
import io.openaibalance.store.LogTable.Entry;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.ErrorResponder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The logs for the admin pages: {@code GET /api/logs/errors} and {@code GET /api/logs/requests}
 * (filters {@code key}, {@code status}, {@code q}, {@code from}, {@code to}; {@code sort} on the
 * table's allow-list; {@code order}; {@code page}, {@code size}), {@code GET
 * /api/logs/errors/:id} with the bodies, and deletes of error entries: one, several ({@code POST
 * /api/logs/errors/delete {"ids": [...]}}) or all.
 */
public final class LogRoutes {
  private final Vertx vertx;
  private final LogTable<ErrorRecord> errors;
  private final LogTable<RequestRecord> requests;

  public LogRoutes(Vertx vertx, LogTable<ErrorRecord> errors, LogTable<RequestRecord> requests) {
    this.vertx = vertx;
    this.errors = errors;
    this.requests = requests;
  }

  public void mount(Router router) {
    router.get("/api/logs/errors").handler(context -> list(context, errors, LogRoutes::summary));
    router.get("/api/logs/requests").handler(context ->
        list(context, requests, LogRoutes::requestSummary));
    router.get("/api/logs/errors/:id").handler(context -> withId(context, id ->
        reply(context, () -> errors.find(id).map(entry -> summary(entry)
            .put("upstream_body", entry.record().upstreamBody())
            .put("request_body", entry.record().requestBody().orElse(null))).orElse(null))));
    router.delete("/api/logs/errors/:id").handler(context -> withId(context, id ->
        reply(context, () -> new JsonObject().put("deleted", errors.delete(List.of(id))))));
    router.post("/api/logs/errors/delete").handler(context -> {
      JsonArray ids;
      try {
        ids = context.body().asJsonObject().getJsonArray("ids", new JsonArray());
      } catch (RuntimeException e) {
        invalid(context, "Send {\"ids\": [1, 2]}.");
        return;
      }
      List<Long> numbers = ids.stream().filter(Number.class::isInstance)
          .map(n -> ((Number) n).longValue()).toList();
      reply(context, () -> new JsonObject().put("deleted", errors.delete(numbers)));
    });
    router.delete("/api/logs/errors").handler(context ->
        reply(context, () -> new JsonObject().put("deleted", errors.deleteAll())));
  }

  private <T> void list(RoutingContext context, LogTable<T> table,
      java.util.function.Function<Entry<T>, JsonObject> summary) {
    MultiMap params = context.queryParams();
    LogQuery query;
    try {
      query = new LogQuery(
          Optional.ofNullable(params.get("key")),
          Optional.ofNullable(params.get("status")).map(Integer::valueOf),
          Optional.ofNullable(params.get("q")).filter(q -> !q.isBlank()),
          Optional.ofNullable(params.get("from")).map(Instant::parse),
          Optional.ofNullable(params.get("to")).map(Instant::parse),
          Optional.ofNullable(params.get("sort")).orElse("time"),
          !"asc".equalsIgnoreCase(params.get("order")),
          Optional.ofNullable(params.get("page")).map(Integer::valueOf).orElse(0),
          Optional.ofNullable(params.get("size")).map(Integer::valueOf).orElse(50));
    } catch (NumberFormatException | DateTimeParseException e) {
      invalid(context, "status, page and size are numbers; from and to are ISO-8601 instants"
          + " such as 2026-11-29T06:00:00Z.");
      return;
    }
    reply(context, () -> {
      LogTable.Page<T> page = table.search(query);
      return new JsonObject().put("total", page.total()).put("page", query.page())
          .put("entries", new JsonArray(page.entries().stream().map(summary).toList()));
    });
  }

  private static JsonObject requestSummary(Entry<RequestRecord> entry) {
    RequestRecord record = entry.record();
    return new JsonObject()
        .put("id", entry.id())
        .put("at", record.at().toString())
        .put("provider", record.provider())
        .put("key_id", record.keyId().map(String::strip).orElse(null))
        .put("model", record.model().orElse(null))
        .put("status", record.status())
        .put("latency_ms", record.latencyMillis())
        .put("first_byte_ms", record.firstByteMillis().orElse(null))
        .put("stream", record.stream())
        .put("attempts", record.attempts())
        .put("prompt_tokens", record.usage().map(RequestRecord.Usage::promptTokens).orElse(null))
        .put("completion_tokens",
            record.usage().map(RequestRecord.Usage::completionTokens).orElse(null))
        .put("total_tokens", record.usage().map(RequestRecord.Usage::totalTokens).orElse(null));
  }

  private static JsonObject summary(Entry<ErrorRecord> entry) {
    ErrorRecord record = entry.record();
    return new JsonObject()
        .put("id", entry.id())
        .put("at", record.at().toString())
        .put("provider", record.provider())
        .put("key_id", record.keyId().orElse(null))
        .put("model", record.model().orElse(null))
        .put("status", record.status())
        .put("failure", record.failure())
        .put("error_code", record.errorCode().orElse(null));
  }

  @FunctionalInterface
  private interface WithId {
    void run(long id);
  }

  private static void withId(RoutingContext context, WithId action) {
    try {
      action.run(Long.parseLong(context.pathParam("id")));
    } catch (NumberFormatException e) {
      invalid(context, "The log entry id is a number.");
    }
  }

  /** Runs {@code query} on a worker; a null result is a 404. */
  private void reply(RoutingContext context, Callable<JsonObject> query) {
    vertx.executeBlocking(query).onComplete(outcome -> {
      if (outcome.failed()) {
        ErrorResponder.respond(context.response(), outcome.cause()
            instanceof IllegalArgumentException bad
            ? ApiError.invalidRequest(400, "invalid_query", bad.getMessage())
            : new ApiError(503, "server_error", "logs_unavailable", "The log cannot be read now ("
                + outcome.cause().getClass().getSimpleName() + ")."));
      } else if (outcome.result() == null) {
        ErrorResponder.respond(context.response(), ApiError.notFound("log_entry_not_found",
            "No error log entry has that id."));
      } else {
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(outcome.result().toBuffer());
      }
    });
  }

  private static void invalid(RoutingContext context, String message) {
    ErrorResponder.respond(context.response(),
        ApiError.invalidRequest(400, "invalid_query", message));
  }
}
