package io.openaibalance.relay;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the request log keeps of one relayed request: ids instead of secrets, sizes instead of
 * bodies.
 *
 * @param keyId the id of the key of the last attempt, if any attempt was made
 * @param firstByteMillis time to the first response byte, if one was sent
 * @param tokenId the id of the client token
 * @param usage token counts from the response's {@code usage}, if it had one
 */
public record RequestRecord(
    Instant at,
    String provider,
    Optional<String> keyId,
    Optional<String> model,
    int status,
    long latencyMillis,
    Optional<Long> firstByteMillis,
    boolean stream,
    int attempts,
    Optional<String> tokenId,
    Optional<Usage> usage) {

  public RequestRecord {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(provider, "provider");
  }

  /** Token counts; the Responses API's input/output tokens map to prompt/completion. */
  public record Usage(long promptTokens, long completionTokens, long totalTokens) {}
}
