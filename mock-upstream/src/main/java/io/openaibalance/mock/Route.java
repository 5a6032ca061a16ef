package io.openaibalance.mock;

/**
 * How to read and serve one endpoint.
 *
 * @param body what the request body must be
 * @param defaultModel the model when the request names none, or {@code null} if one is required
 * @param endpoint the endpoint itself
 */
record Route(BodyKind body, String defaultModel, Endpoint endpoint) {
  enum BodyKind { NONE, JSON, MULTIPART }
}
