package io.openaibalance.relay;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the error log keeps of one failed upstream attempt.
 *
 * @param status the upstream status, or the gateway's own (502, 504) when none arrived
 * @param failure the failure kind, e.g. {@code key_rejected}
 * @param errorCode the upstream's {@code error.code} (or {@code type}), if any
 * @param upstreamBody the upstream error body, decoded and bounded
 * @param requestBody the client's body with secret-looking fields blanked, when {@code
 *     ERROR_LOG_RECORD_REQUEST_BODY=true}
 */
public record ErrorRecord(
    Instant at,
    String provider,
    Optional<String> keyId,
    Optional<String> model,
    int status,
    String failure,
    Optional<String> errorCode,
    String upstreamBody,
    Optional<String> requestBody) {

  public ErrorRecord {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(upstreamBody, "upstreamBody");
  }
}
