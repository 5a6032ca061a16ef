package io.openaibalance.mock;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request path: wait for the whole body → record → authenticate → route → read body and
 * directives → wait for the time to first byte → answer with the scripted error or the endpoint.
 */
final class MockHandler implements Handler<HttpServerRequest> {
  private static final String BEARER = "bearer ";

  private final Vertx vertx;
  private final Routes routes;
  private final RequestReader reader;
  private final RateLimitHeaders rateLimits;
  private final RequestJournal journal;
  private final CancellationCounter cancellations;

  MockHandler(Vertx vertx, Routes routes, RequestReader reader, RateLimitHeaders rateLimits,
      RequestJournal journal, CancellationCounter cancellations) {
    this.vertx = vertx;
    this.routes = routes;
    this.reader = reader;
    this.rateLimits = rateLimits;
    this.journal = journal;
    this.cancellations = cancellations;
  }

  @Override
  public void handle(HttpServerRequest request) {
    // If the body fails, the client left before its request arrived: nothing to record or answer.
    request.body().onSuccess(body -> serve(request, body.getBytes()));
  }

  private void serve(HttpServerRequest request, byte[] body) {
    String key = bearerKey(request.getHeader("authorization"));
    if (journal.isRecording()) {
      journal.add(new RecordedRequest(
          request.method().name(), request.uri(), headers(request), body, key));
    }
    Exchange exchange = new Exchange(request, cancellations);
    if (key == null) {
      exchange.sendError(ErrorReply.missingKey());
      return;
    }
    Route route = routes.find(request.method(), request.path());
    if (route == null) {
      exchange.sendError(ErrorReply.invalidUrl(request.method().name(), request.path()));
      return;
    }
    MockRequest call;
    try {
      call = reader.read(route, request.path(), request.getHeader("content-type"), body, key);
    } catch (IllegalArgumentException e) {
      exchange.sendError(ErrorReply.invalidRequest(e.getMessage()));
      return;
    }
    int ttfb = call.behaviour().ttfbMs();
    if (ttfb > 0) {
      vertx.setTimer(ttfb, id -> answer(route, call, exchange));
    } else {
      answer(route, call, exchange);
    }
  }

  private void answer(Route route, MockRequest call, Exchange exchange) {
    if (exchange.clientGone()) {
      return;
    }
    Behaviour behaviour = call.behaviour();
    if (behaviour.failsWithStatus()) {
      rateLimits.apply(behaviour, exchange.response());
      exchange.sendError(ErrorReply.forDirectives(behaviour, call.key()));
      return;
    }
    route.endpoint().respond(call, exchange);
  }

  private static String bearerKey(String authorization) {
    if (authorization == null || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String key = authorization.substring(BEARER.length()).trim();
    return key.isEmpty() ? null : key;
  }

  private static Map<String, List<String>> headers(HttpServerRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : request.headers()) {
      headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
          .add(header.getValue());
    }
    return headers;
  }
}
