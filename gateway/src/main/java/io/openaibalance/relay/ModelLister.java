package io.openaibalance.relay;

import io.openaibalance.egress.LiveProxy;
import io.openaibalance.egress.ProxyRoute;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.provider.Provider;
import io.openaibalance.secret.Secret;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fetches a provider's model list for the admin pages, on the server: the browser never holds a
 * key. It asks with the provider's {@code MODEL_REQUEST_KEY} when set, else with a usable key of
 * its pool, through that key's proxy. Not a relayed request: it is not logged or counted.
 */
public final class ModelLister {
  private static final long BODY_LIMIT = 8 * 1024 * 1024;

  private final HttpClient client;
  private final Clock clock;

  public ModelLister(HttpClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Why a list could not be had, without secrets; the status is the upstream's, if it answered. */
  public static final class ListingFailed extends RuntimeException {
    private final Optional<Integer> upstreamStatus;

    ListingFailed(String message, Optional<Integer> upstreamStatus) {
      super(message, null, false, false);
      this.upstreamStatus = upstreamStatus;
    }

    public Optional<Integer> upstreamStatus() {
      return upstreamStatus;
    }
  }

  /** The model ids the provider's upstream lists, in its order. */
  public Future<List<String>> list(Provider provider) {
    Optional<Secret> key = provider.settings().modelRequestKey().or(() ->
        provider.keys().keys().stream().filter(k -> k.usable(clock.instant())).findFirst()
            .map(PooledKey::secret));
    if (key.isEmpty()) {
      return Future.failedFuture(new ListingFailed("The provider has no usable key to ask with.",
          Optional.empty()));
    }
    ProxyRoute route = provider.proxies().route(key.get().id());
    if (route instanceof ProxyRoute.Unavailable) {
      return Future.failedFuture(new ListingFailed("Every proxy of the provider is down.",
          Optional.empty()));
    }
    LiveProxy proxy = route instanceof ProxyRoute.Through through ? through.proxy() : null;
    return client.request(CheckRequests.options(provider, proxy, HttpMethod.GET, "/models"))
        .compose(request -> request
            .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key.get().reveal())
            .send())
        .recover(failure -> Future.failedFuture(new ListingFailed("No answer from the upstream ("
            + failure.getClass().getSimpleName() + ").", Optional.empty())))
        .compose(response -> BoundedBody.read(response, BODY_LIMIT, false).compose(body -> {
          if (response.statusCode() >= 400) {
            return Future.failedFuture(new ListingFailed("The upstream answered HTTP "
                + response.statusCode() + ".", Optional.of(response.statusCode())));
          }
          return ids(body);
        }));
  }

  private static Future<List<String>> ids(Buffer body) {
    try {
      JsonArray data = new JsonObject(body).getJsonArray("data", new JsonArray());
      List<String> ids = new ArrayList<>();
      for (Object model : data) {
        if (model instanceof JsonObject entry && entry.getValue("id") instanceof String id) {
          ids.add(id);
        }
      }
      return Future.succeededFuture(ids);
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(new ListingFailed("The upstream's model list is not the"
          + " OpenAI format.", Optional.empty()));
    }
  }
}
