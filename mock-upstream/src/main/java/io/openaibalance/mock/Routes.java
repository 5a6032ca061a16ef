package io.openaibalance.mock;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.util.Map;

/** The endpoints the mock serves, by method and path. */
final class Routes {
  static final String MODEL_PREFIX = "/v1/models/";

  private final Map<String, Route> exact;
  private final Route modelById;

  Routes(Vertx vertx, MockOptions options) {
    Models models = new Models(options.models());
    Transcriptions transcriptions = new Transcriptions();
    this.exact = Map.ofEntries(
        post("/v1/chat/completions", Route.BodyKind.JSON, null,
            new ChatCompletions(vertx, options)),
        post("/v1/completions", Route.BodyKind.JSON, null, new TextCompletions(vertx, options)),
        post("/v1/embeddings", Route.BodyKind.JSON, null, new Embeddings(options)),
        post("/v1/responses", Route.BodyKind.JSON, null, new ResponsesApi(options)),
        post("/v1/images/generations", Route.BodyKind.JSON, "dall-e-2", new Images()),
        post("/v1/audio/transcriptions", Route.BodyKind.MULTIPART, null, transcriptions),
        post("/v1/audio/translations", Route.BodyKind.MULTIPART, null, transcriptions),
        post("/v1/audio/speech", Route.BodyKind.JSON, null, new Speech()),
        post("/v1/moderations", Route.BodyKind.JSON, "omni-moderation-latest", new Moderations()),
        Map.entry(key(HttpMethod.GET, "/v1/models"),
            new Route(Route.BodyKind.NONE, "", models::list)));
    this.modelById = new Route(Route.BodyKind.NONE, "", models::byId);
  }

  /** The route for this request, or {@code null} when the mock has no such endpoint. */
  Route find(HttpMethod method, String path) {
    Route route = exact.get(key(method, path));
    if (route == null && method == HttpMethod.GET && path.startsWith(MODEL_PREFIX)
        && path.length() > MODEL_PREFIX.length()) {
      return modelById;
    }
    return route;
  }

  private static Map.Entry<String, Route> post(
      String path, Route.BodyKind body, String defaultModel, Endpoint endpoint) {
    return Map.entry(key(HttpMethod.POST, path), new Route(body, defaultModel, endpoint));
  }

  private static String key(HttpMethod method, String path) {
    return method.name() + ' ' + path;
  }
}
