package io.openaibalance.mock;

/** Serves one OpenAI operation once the request has been read and is known not to fail. */
interface Endpoint {
  void respond(MockRequest request, Exchange exchange);
}
