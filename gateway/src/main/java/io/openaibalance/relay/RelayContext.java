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

  final long startedNanos = System.nanoTime();
  /** The client token's id, for the request log. */
  final String tokenId;
  private final List<PooledKey> triedKeys = new ArrayList<>(2);
  private String lastKeyId;
  private long firstByteNanos = -1;
  private UsageTail usageTail;
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
      Secret fixedKey,
      String tokenId) {
    this.tokenId = tokenId;
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
      lastKeyId = key.id();
    } else if (fixedKey != null) {
      lastKeyId = fixedKey.id();
    }
  }

  /** The response's first byte is being sent now. */
  void firstByteSent() {
    if (firstByteNanos < 0) {
      firstByteNanos = System.nanoTime();
    }
  }

  /** Keeps the response's tail to read its usage at the end. */
  UsageTail trackUsage(long expectedLength) {
    usageTail = new UsageTail(expectedLength);
    return usageTail;
  }

  /** The request log's record, once the response ended. */
  RequestRecord toRecord(java.time.Instant at) {
    long now = System.nanoTime();
    return new RequestRecord(at, provider.name(), java.util.Optional.ofNullable(lastKeyId),
        summary.model(), response.getStatusCode(), (now - startedNanos) / 1_000_000,
        firstByteNanos < 0 ? java.util.Optional.empty()
            : java.util.Optional.of((firstByteNanos - startedNanos) / 1_000_000),
        summary.stream(), attempts, java.util.Optional.ofNullable(tokenId),
        usageTail == null ? java.util.Optional.empty() : usageTail.usage());
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
