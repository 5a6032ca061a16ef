package io.openaibalance.keys;

/** What the admin pages show for a key, derived from its {@link KeyHealth} at a moment. */
public enum KeyStatus {
  ACTIVE,
  COOLING,
  DISABLED
}
