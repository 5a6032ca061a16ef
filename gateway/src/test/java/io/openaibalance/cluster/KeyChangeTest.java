package io.openaibalance.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.keys.KeyHealth;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.secret.Secret;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which shared operation each local transition of a key becomes. */
class KeyChangeTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  /** Records what a real key goes through, so the transitions are the ones the relay makes. */
  private static final class Recorder {
    final PooledKey key;
    KeyHealth before;
    KeyHealth after;

    Recorder(KeyHealth initial) {
      key = new PooledKey(Secret.of("sk-recorded-key-0001"), initial, (k, b, a) -> {
        before = b;
        after = a;
      });
    }

    Optional<KeyChange> change(int maxFailures) {
      return KeyChange.between(before, after, maxFailures);
    }
  }

  @Test
  void aKeyFaultIsOneMoreFailureJudgedAgainstMaxFailures() {
    Recorder recorder = new Recorder(KeyHealth.FRESH);
    recorder.key.recordKeyFault("HTTP 401 invalid_api_key", NOW, 3);

    KeyChange change = recorder.change(3).orElseThrow();
    assertThat(change.op()).isEqualTo(KeyChange.Op.FAULT);
    assertThat(change.number()).isEqualTo(3);
    assertThat(change.error()).contains("HTTP 401 invalid_api_key");
    assertThat(change.errorAt()).isEqualTo(NOW.toEpochMilli());
  }

  @Test
  void aRateLimitExtendsTheCooldown() {
    Recorder recorder = new Recorder(KeyHealth.FRESH);
    recorder.key.recordRateLimit("HTTP 429", NOW, NOW.plusSeconds(30));

    KeyChange change = recorder.change(3).orElseThrow();
    assertThat(change.op()).isEqualTo(KeyChange.Op.COOL);
    assertThat(change.cooling()).isEqualTo(NOW.plusSeconds(30).toEpochMilli());
  }

  @Test
  void anAdminsDisableAndEnableAreDisableAndReset() {
    Recorder recorder = new Recorder(KeyHealth.FRESH);
    recorder.key.setDisabled(true);
    assertThat(recorder.change(3).orElseThrow().op()).isEqualTo(KeyChange.Op.DISABLE);

    recorder.key.setDisabled(false);
    KeyChange enable = recorder.change(3).orElseThrow();
    assertThat(enable.op()).isEqualTo(KeyChange.Op.RESET);
    assertThat(enable.cooling()).as("enabling lifts a cooldown").isZero();
  }

  @Test
  void aSuccessAfterFailuresResetsTheCount() {
    Recorder recorder = new Recorder(new KeyHealth(2, false, Instant.EPOCH,
        Optional.of("HTTP 401"), Optional.of(NOW)));
    recorder.key.recordSuccess();

    assertThat(recorder.change(3).orElseThrow().op()).isEqualTo(KeyChange.Op.RESET);
  }

  @Test
  void aTransitionThatChangesNothingSharedIsNotSent() {
    KeyHealth disabled = new KeyHealth(3, true, Instant.EPOCH, Optional.empty(), Optional.empty());
    Recorder recorder = new Recorder(disabled);
    recorder.key.setDisabled(true);

    assertThat(recorder.change(3)).isEmpty();
  }

  @Test
  void sharedHealthReadsWhatTheScriptWrites() {
    SharedHealth shared = SharedHealth.parse(
        "{\"f\":3,\"d\":1,\"c\":1764410400000,\"e\":\"HTTP 401\",\"t\":1764410300000,\"v\":7,"
            + "\"o\":\"gateway-a-1234\"}");

    assertThat(shared.health()).isEqualTo(new KeyHealth(3, true,
        Instant.ofEpochMilli(1764410400000L), Optional.of("HTTP 401"),
        Optional.of(Instant.ofEpochMilli(1764410300000L))));
    assertThat(shared.version()).isEqualTo(7);
    assertThat(shared.origin()).isEqualTo("gateway-a-1234");
    assertThat(SharedHealth.parse("{\"f\":0,\"d\":0,\"c\":0,\"v\":1,\"o\":\"x\"}").health())
        .isEqualTo(KeyHealth.FRESH);
  }
}
