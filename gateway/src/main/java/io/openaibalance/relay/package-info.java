/**
 * The OpenAI endpoints: a request's short path through named stages (check and read the body,
 * pick a key, call upstream, relay the response, record the outcome on the key), retrying on
 * another key only before the first response byte reached the client.
 */
package io.openaibalance.relay;
