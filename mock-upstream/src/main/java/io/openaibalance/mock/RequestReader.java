package io.openaibalance.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Reads a routed request's body and model and resolves its behaviour. Anything the client got
 * wrong is an {@link IllegalArgumentException} whose message becomes the 400 error's message.
 */
final class RequestReader {
  private final BehaviourResolver resolver;

  RequestReader(BehaviourResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  MockRequest read(Route route, String path, String contentType, byte[] body, String key) {
    JsonObject json = null;
    MultipartBody multipart = null;
    Object model = null;
    switch (route.body()) {
      case JSON -> {
        json = json(body);
        model = json.getValue("model");
      }
      case MULTIPART -> {
        multipart = MultipartBody.parse(contentType, body);
        model = multipart.field("model");
      }
      case NONE -> { }
    }
    if (model != null && !(model instanceof String)) {
      throw new IllegalArgumentException("model: " + model + " (expected a string)");
    }
    String requested = (String) model;
    Behaviour behaviour = resolver.resolve(key, requested);
    if (requested == null) {
      requested = route.defaultModel();
      if (requested == null) {
        throw new IllegalArgumentException("you must provide a model parameter");
      }
    }
    return new MockRequest(path, requested, json, multipart, behaviour, key);
  }

  private static JsonObject json(byte[] body) {
    try {
      return new JsonObject(Buffer.buffer(body));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException(
          "We could not parse the JSON body of your request. (" + e.getMessage() + ")", e);
    }
  }
}
