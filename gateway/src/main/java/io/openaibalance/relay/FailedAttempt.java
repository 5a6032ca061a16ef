package io.openaibalance.relay;

import io.openaibalance.failover.FailureClass;
import io.openaibalance.failover.OutcomeClassifier;
import io.openaibalance.web.ApiError;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;

/**
 * An attempt that did not succeed, kept so that when every attempt fails the client gets the last
 * upstream answer (status, headers, body) rather than a blanket error.
 *
 * @param failure what kind of failure it was
 * @param upstreamStatus the upstream status, absent when no response arrived
 * @param headers the upstream response headers (empty when none arrived)
 * @param body the upstream error body as it came, bounded (empty when none arrived)
 * @param inspectableBody the same body decompressed, for reading its error code
 * @param ownError what the gateway answers when no upstream response arrived
 */
record FailedAttempt(
    FailureClass failure,
    Optional<Integer> upstreamStatus,
    MultiMap headers,
    Buffer body,
    byte[] inspectableBody,
    Optional<ApiError> ownError) {

  static FailedAttempt upstreamAnswer(
      FailureClass failure, int status, MultiMap headers, Buffer body, byte[] inspectableBody) {
    return new FailedAttempt(failure, Optional.of(status), headers, body, inspectableBody, Optional.empty());
  }

  static FailedAttempt noAnswer(FailureClass failure, ApiError error) {
    return new FailedAttempt(
        failure, Optional.empty(), HttpHeaders.headers(), Buffer.buffer(), new byte[0],
        Optional.of(error));
  }

  /** A short description for the key's last error: status and error code, never message text. */
  String describe() {
    if (upstreamStatus.isEmpty()) {
      return failure.name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + ownError.map(e -> ": " + e.code()).orElse("");
    }
    String code = OutcomeClassifier.errorField(inspectableBody, "code")
        .or(() -> OutcomeClassifier.errorField(inspectableBody, "type"))
        .map(c -> " " + c)
        .orElse("");
    return "HTTP " + upstreamStatus.get() + code;
  }
}
