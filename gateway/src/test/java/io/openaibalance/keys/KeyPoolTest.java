package io.openaibalance.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.secret.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyPoolTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static List<PooledKey> keys(String... values) {
    List<PooledKey> keys = new ArrayList<>();
    for (String value : values) {
      keys.add(new PooledKey(Secret.of(value), KeyHealth.FRESH));
    }
    return keys;
  }

  @Test
  void skipsDisabledAndCoolingKeysInRoundRobinOrder() {
    List<PooledKey> keys = keys("sk-a", "sk-b", "sk-c", "sk-d");
    KeyPool pool = new KeyPool(keys);
    keys.get(1).setDisabled(true);
    keys.get(2).recordRateLimit("HTTP 429", NOW, NOW.plusSeconds(10));

    List<String> picked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      picked.add(pool.next(NOW, k -> false).orElseThrow().secret().reveal());
    }

    assertThat(picked).containsOnly("sk-a", "sk-d");
    assertThat(pool.next(NOW.plusSeconds(11), k -> k.secret().reveal().equals("sk-a")).map(k -> k.secret().reveal()))
        .isIn(Optional.of("sk-c"), Optional.of("sk-d"));
  }

  @Test
  void explainsExhaustionByTheEarliestCooldownOrAllDisabled() {
    List<PooledKey> keys = keys("sk-a", "sk-b");
    KeyPool pool = new KeyPool(keys);
    keys.get(0).recordRateLimit("HTTP 429", NOW, NOW.plusSeconds(30));
    keys.get(1).recordRateLimit("HTTP 429", NOW, NOW.plusSeconds(12));

    assertThat(pool.next(NOW, k -> false)).isEmpty();
    assertThat(pool.exhaustion(NOW).earliestUsable()).contains(NOW.plusSeconds(12));

    keys.forEach(k -> k.setDisabled(true));
    assertThat(pool.exhaustion(NOW).earliestUsable()).isEmpty();
  }

  @Test
  void disablesAtMaxFailuresAndASuccessResetsTheCount() {
    PooledKey key = keys("sk-a").get(0);

    key.recordKeyFault("HTTP 401", NOW, 3);
    key.recordKeyFault("HTTP 401", NOW, 3);
    assertThat(key.health().disabled()).isFalse();
    key.recordSuccess();
    assertThat(key.health().failures()).isZero();

    for (int i = 0; i < 3; i++) {
      key.recordKeyFault("HTTP 401", NOW, 3);
    }
    assertThat(key.health().status(NOW)).isEqualTo(KeyStatus.DISABLED);
    assertThat(key.health().lastError()).contains("HTTP 401");
  }
}
