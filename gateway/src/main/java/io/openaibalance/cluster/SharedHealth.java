package io.openaibalance.cluster;

import io.openaibalance.keys.KeyHealth;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * A key's health as the cluster agreed on it, with the version Redis gave it (one more on every
 * change, so an instance can tell a stale message from a newer one) and the instance whose
 * change produced it.
 */
record SharedHealth(KeyHealth health, long version, String origin) {

  /** Reads the JSON the script in {@link SharedKeyState} writes: {@code {"f","d","c","e","t","v","o"}}. */
  static SharedHealth parse(String json) {
    JsonObject state = new JsonObject(json);
    Optional<String> error = Optional.ofNullable(state.getString("e")).filter(e -> !e.isEmpty());
    long errorAt = number(state, "t");
    return new SharedHealth(new KeyHealth(
        (int) number(state, "f"),
        number(state, "d") != 0,
        Instant.ofEpochMilli(number(state, "c")),
        error,
        error.isPresent() && errorAt > 0 ? Optional.of(Instant.ofEpochMilli(errorAt))
            : Optional.empty()),
        number(state, "v"), state.getString("o", ""));
  }

  private static long number(JsonObject state, String field) {
    Object value = state.getValue(field);
    return value instanceof Number number ? number.longValue() : 0L;
  }
}
