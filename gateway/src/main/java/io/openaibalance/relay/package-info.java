/**
 * The OpenAI endpoints: reading just enough of a request, the attempt loop over keys, and byte-
 * for-byte stream pass-through to the client.
 */
package io.openaibalance.relay;
