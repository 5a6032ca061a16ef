package io.openaibalance.relay;

import io.openaibalance.keys.PooledKey;
import io.openaibalance.provider.Provider;
import io.openaibalance.secret.Secret;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One relayed request's state, from the moment its body is read until the response ends. Touched
 * only on the request's event loop, so it needs no synchronisation.
 */
final class RelayContext {
  final HttpServerRequest request;
  final HttpServerResponse response;
  final RelaySnapshot snapshot;
  final Provider provider;
  final Endpoint endpoint;
  final HttpMethod method;
  /** The upstream URI: the provider's base path, the endpoint and the client's query. */
  final String upstreamUri;
  final MultiMap upstreamHeaders;
  final Buffer body;
  final RequestSummary summary;
  /** Set when the provider has a dedicated key for the model list, which is never rotated. */
  final Secret fixedKey;

  private final List<PooledKey> triedKeys = new ArrayList<>(2);
  private int attempts;
  private FailedAttempt lastFailure;
  private HttpClientRequest inFlight;
  private boolean clientGone;

  RelayContext(
      HttpServerRequest request,
      RelaySnapshot snapshot,
      Provider provider,
      Endpoint endpoint,
      String upstreamUri,
      MultiMap upstreamHeaders,
      Buffer body,
      RequestSummary summary,
      Secret fixedKey) {
    this.request = request;
    this.response = request.response();
    this.snapshot = snapshot;
    this.provider = provider;
    this.endpoint = endpoint;
    this.method = request.method();
    this.upstreamUri = upstreamUri;
    this.upstreamHeaders = upstreamHeaders;
    this.body = body;
    this.summary = summary;
    this.fixedKey = fixedKey;
  }

  Set<String> filteredModels() {
    return snapshot.settings().filteredModels();
  }

  boolean tried(PooledKey key) {
    return triedKeys.contains(key);
  }

  void startAttempt(PooledKey key) {
    attempts++;
    if (key != null) {
      triedKeys.add(key);
    }
  }

  int attempts() {
    return attempts;
  }

  void recordFailure(FailedAttempt failure) {
    lastFailure = failure;
  }

  FailedAttempt lastFailure() {
    return lastFailure;
  }

  void inFlight(HttpClientRequest upstreamRequest) {
    inFlight = upstreamRequest;
  }

  /** The client went away: cancel the upstream call and stop attempting. */
  void clientGone() {
    if (response.ended()) {
      return;
    }
    clientGone = true;
    if (inFlight != null) {
      inFlight.reset();
    }
  }

  boolean isClientGone() {
    return clientGone;
  }
}
