package io.openaibalance.auth;

import io.openaibalance.secret.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tokens that may call the relay. A presented token is hashed and looked up by hash: the
 * lookup's timing depends only on the hash, which tells an attacker nothing about any token, and
 * the cost stays constant however many tokens there are.
 */
public final class ClientTokens {
  private static final String BEARER = "bearer ";

  private final Map<ByteBuffer, String> idsByHash;

  private ClientTokens(Map<ByteBuffer, String> idsByHash) {
    this.idsByHash = Map.copyOf(idsByHash);
  }

  /** {@code ALLOWED_TOKENS} plus {@code AUTH_TOKEN}, which the original also accepts here. */
  public static ClientTokens of(Set<Secret> allowed, Optional<Secret> authToken) {
    Map<ByteBuffer, String> ids = new HashMap<>();
    for (Secret token : allowed) {
      ids.put(hash(token.reveal()), token.id());
    }
    authToken.ifPresent(token -> ids.put(hash(token.reveal()), token.id()));
    return new ClientTokens(ids);
  }

  /**
   * The id of the token in an {@code Authorization} header, or empty when the header is missing,
   * not a bearer token, or names no allowed token.
   */
  public Optional<String> authenticate(String authorizationHeader) {
    if (authorizationHeader == null
        || authorizationHeader.length() <= BEARER.length()
        || !authorizationHeader.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String token = authorizationHeader.substring(BEARER.length()).trim();
    if (token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(idsByHash.get(hash(token)));
  }

  private static ByteBuffer hash(String token) {
    return ByteBuffer.wrap(Secret.sha256(token.getBytes(StandardCharsets.UTF_8)));
  }
}
