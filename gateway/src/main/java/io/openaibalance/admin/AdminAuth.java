package io.openaibalance.admin;

import io.openaibalance.relay.RelaySnapshot;
import io.openaibalance.secret.Secret;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.ErrorResponder;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lets an admin API call through only with {@code Authorization: Bearer <AUTH_TOKEN>}. Compared
 * as SHA-256 digests with a constant-time equality, so the time taken tells nothing about the
 * token. Client tokens ({@code ALLOWED_TOKENS}) are never admin tokens.
 */
final class AdminAuth implements Handler<RoutingContext> {
  private static final String BEARER = "Bearer ";

  private final Supplier<RelaySnapshot> snapshots;

  AdminAuth(Supplier<RelaySnapshot> snapshots) {
    this.snapshots = snapshots;
  }

  @Override
  public void handle(RoutingContext context) {
    Optional<Secret> adminToken = snapshots.get().settings().authToken();
    if (adminToken.isEmpty()) {
      ErrorResponder.respond(context.response(), ApiError.invalidRequest(403, "admin_disabled",
          "The admin API is off: set AUTH_TOKEN to use it."));
      return;
    }
    String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || !MessageDigest.isEqual(digest(header.substring(BEARER.length()).strip()),
            digest(adminToken.get().reveal()))) {
      ErrorResponder.respond(context.response(), ApiError.unauthorized(
          "The admin API needs 'Authorization: Bearer <AUTH_TOKEN>'."));
      return;
    }
    context.next();
  }

  private static byte[] digest(String text) {
    return Secret.sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
