package io.openaibalance.store;

import io.openaibalance.keys.KeyHealth;
import java.time.Instant;
import java.util.Objects;

/**
 * One key's health as stored: enough to restore it after a restart, nothing to use the key with.
 *
 * @param keyId the key's hash-prefix id ({@code Secret.id()})
 * @param maskedKey the key as {@code sk-ab...wxyz}, for the admin pages
 */
public record StoredKeyState(
    String provider, String keyId, String maskedKey, KeyHealth health, Instant updatedAt) {

  public StoredKeyState {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(maskedKey, "maskedKey");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
