package io.openaibalance.mock;

import io.vertx.core.json.JsonObject;

/**
 * A request as an endpoint sees it.
 *
 * @param path the path without the query
 * @param model the requested model (with its directives), or the endpoint's default
 * @param json the JSON body, or {@code null} for endpoints that take none
 * @param multipart the form body, or {@code null} for endpoints that take none
 * @param behaviour what the directives ask for
 * @param key the Bearer key it came with
 */
record MockRequest(String path, String model, JsonObject json, MultipartBody multipart,
    Behaviour behaviour, String key) { }
