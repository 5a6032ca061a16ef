package io.openaibalance.relay;

import io.openaibalance.failover.FailureClass;
import io.openaibalance.failover.OutcomeClassifier;
import io.openaibalance.web.ApiError;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.openaibalance.secret.Secret;
import java.nio.charset.StandardCharsets;
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

  /**
   * @param key the key the attempt was sent with: some upstreams echo it in full in their error
   *     message, so the body is scrubbed of it (the client, the error log and the admin pages see
   *     it masked)
   */
  static FailedAttempt upstreamAnswer(FailureClass failure, int status, MultiMap headers,
      Buffer body, byte[] inspectableBody, Optional<Secret> key) {
    String text = new String(inspectableBody, StandardCharsets.UTF_8);
    if (key.isPresent() && text.contains(key.get().reveal())) {
      byte[] scrubbed = text.replace(key.get().reveal(), key.get().masked())
          .getBytes(StandardCharsets.UTF_8);
      // The scrubbed body is the decoded one: it goes out without the upstream's encoding.
      MultiMap plainHeaders = HttpHeaders.headers().addAll(headers)
          .remove(HttpHeaders.CONTENT_ENCODING).remove(HttpHeaders.CONTENT_LENGTH);
      return new FailedAttempt(failure, Optional.of(status), plainHeaders,
          Buffer.buffer(scrubbed), scrubbed, Optional.empty());
    }
    return new FailedAttempt(
        failure, Optional.of(status), headers, body, inspectableBody, Optional.empty());
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
