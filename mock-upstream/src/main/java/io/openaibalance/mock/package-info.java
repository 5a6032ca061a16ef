/**
 * A scriptable OpenAI-compatible upstream for the gateway's integration tests and benchmark.
 *
 * <p>{@link io.openaibalance.mock.MockUpstream} serves the {@code /v1} endpoints the gateway relays
 * with deterministic bodies (fixed ids and timestamps, so bytes fetched directly and through the
 * gateway can be compared). Failures, latency and stream shape are chosen per request by
 * {@code name=value} directives appended with {@code :} to the API key or the model name, e.g.
 * key {@code sk-a:status=429:retry-after=2} or model {@code gpt-4o-mini:chunks=20:interval-ms=10};
 * {@link io.openaibalance.mock.MockUpstream#overrideKey} changes a key's behaviour while a test
 * runs. Every request is recorded for assertions, and responses abandoned by the client are
 * counted so tests can prove that a client disconnect cancels the upstream call.
 *
 * <p>Everything runs on Vert.x event loops; delays use timers, never blocking calls.
 */
package io.openaibalance.mock;
