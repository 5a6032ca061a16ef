package io.openaibalance.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A credential (upstream key, client token, admin token, password) that never prints itself.
 *
 * <p>{@link #toString()} and {@link #masked()} give {@code sk-ab...wxyz}; only {@link #reveal()}
 * gives the clear value, and its callers are the few places that must send it somewhere.
 */
public final class Secret {
  private final String value;
  /** Computed on first use: the relay asks for it on every attempt. */
  private String id;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
    return new Secret(value);
  }

  /** The clear value, for the header or connection string that needs it. */
  public String reveal() {
    return value;
  }

  /** {@code sk-ab...wxyz}: enough to tell keys apart, never enough to use one. */
  public String masked() {
    return mask(value);
  }

  /** A stable, non-reversible id: the first 16 hex digits of the value's SHA-256. */
  public String id() {
    String known = id;
    if (known == null) {
      // A race computes the same string twice, which is harmless.
      known = sha256Hex(value).substring(0, 16);
      id = known;
    }
    return known;
  }

  public static String mask(String clear) {
    if (clear == null || clear.isEmpty()) {
      return "";
    }
    if (clear.length() <= 8) {
      return "*".repeat(clear.length());
    }
    int head = Math.min(5, clear.length() / 4);
    int tail = Math.min(4, clear.length() / 4);
    return clear.substring(0, head) + "..." + clear.substring(clear.length() - tail);
  }

  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return masked();
  }
}
