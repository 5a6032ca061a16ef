/**
 * The HTTP front: the server's entry handler, malformed-request handling, and the one writer of
 * OpenAI-style errors ({@link io.openaibalance.web.ApiError}).
 */
package io.openaibalance.web;
