package io.openaibalance.admin;

import io.openaibalance.store.UsageStatistics;
import io.openaibalance.store.UsageStatistics.Counts;
import io.openaibalance.store.UsageStatistics.Period;
import io.openaibalance.store.UsageStatistics.Rejection;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.ErrorResponder;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Statistics for the admin pages, read from the hourly aggregates (and the last hour's log) on a
 * worker thread: {@code /api/stats/overview}, {@code /api/stats/keys}, {@code /api/stats/models}
 * and {@code /api/stats/attention?status=429}. {@code ?hours=N} (default 24, at most 24 × 31)
 * chooses the period; keys appear by id only.
 */
public final class StatisticsRoutes {
  private static final long MAX_HOURS = 24 * 31;
  private static final Map<String, Rejection> REJECTIONS = Map.of(
      "429", Rejection.TOO_MANY_REQUESTS, "401", Rejection.UNAUTHORIZED,
      "403", Rejection.FORBIDDEN);

  private final Vertx vertx;
  private final UsageStatistics statistics;
  private final Clock clock;

  public StatisticsRoutes(Vertx vertx, UsageStatistics statistics, Clock clock) {
    this.vertx = vertx;
    this.statistics = statistics;
    this.clock = clock;
  }

  public void mount(Router router) {
    router.get("/api/stats/overview").handler(context -> reply(context, () -> {
      UsageStatistics.Overview overview = statistics.overview();
      return new JsonObject()
          .put("last_minute", json(overview.lastMinute()))
          .put("last_hour", json(overview.lastHour()))
          .put("last_24_hours", json(overview.last24Hours()))
          .put("last_30_days", json(overview.last30Days()));
    }));
    router.get("/api/stats/series").handler(context -> {
      int hours;
      try {
        hours = Integer.parseInt(context.queryParams().get("hours") == null ? "24"
            : context.queryParams().get("hours"));
      } catch (NumberFormatException e) {
        hours = -1;
      }
      if (hours < 1 || hours > MAX_HOURS) {
        ErrorResponder.respond(context.response(), ApiError.invalidRequest(400, "invalid_hours",
            "hours is a whole number from 1 to " + MAX_HOURS + "."));
        return;
      }
      int chosen = hours;
      reply(context, () -> new JsonObject().put("hours", chosen).put("buckets", new JsonArray(
          statistics.series(chosen).stream().map(bucket -> json(bucket.counts())
              .put("start", bucket.start().toString())).toList())));
    });
    router.get("/api/stats/keys").handler(context -> {
      Period period = period(context);
      reply(context, () -> new JsonObject().put("keys", new JsonArray(
          statistics.perKey(period).stream().map(key -> json(key.counts())
              .put("provider", key.provider()).put("key_id", key.keyId().orElse(null)))
              .toList())));
    });
    router.get("/api/stats/models").handler(context -> {
      Period period = period(context);
      reply(context, () -> new JsonObject().put("models", new JsonArray(
          statistics.perModel(period).stream().map(model -> json(model.counts())
              .put("provider", model.provider()).put("model", model.model().orElse(null)))
              .toList())));
    });
    router.get("/api/stats/attention").handler(context -> {
      String status = context.queryParams().get("status");
      Rejection rejection = REJECTIONS.get(status == null ? "429" : status);
      if (rejection == null) {
        ErrorResponder.respond(context.response(), ApiError.invalidRequest(400, "invalid_status",
            "status must be 429, 401 or 403."));
        return;
      }
      Period period = period(context);
      reply(context, () -> new JsonObject().put("status", rejection.name()
              .toLowerCase(Locale.ROOT))
          .put("keys", new JsonArray(statistics.topKeys(rejection, period, 20).stream()
              .map(key -> new JsonObject().put("provider", key.provider())
                  .put("key_id", key.keyId()).put("count", key.attempts()))
              .toList())));
    });
  }

  private Period period(RoutingContext context) {
    long hours = 24;
    try {
      String text = context.queryParams().get("hours");
      if (text != null) {
        hours = Math.max(1, Math.min(MAX_HOURS, Long.parseLong(text.strip())));
      }
    } catch (NumberFormatException e) {
      // The default period, rather than an error, for a page that asked for nonsense.
    }
    Instant now = clock.instant();
    return new Period(now.minus(Duration.ofHours(hours)), now);
  }

  private void reply(RoutingContext context, Callable<JsonObject> query) {
    vertx.executeBlocking(query).onComplete(outcome -> {
      if (outcome.succeeded()) {
        context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(outcome.result().toBuffer());
      } else {
        ErrorResponder.respond(context.response(), new ApiError(503, "server_error",
            "statistics_unavailable", "The statistics cannot be read now ("
                + outcome.cause().getClass().getSimpleName() + ")."));
      }
    });
  }

  private static JsonObject json(Counts counts) {
    return new JsonObject().put("calls", counts.calls()).put("failures", counts.failures());
  }
}
