package io.openaibalance.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {
  /** Plainly not a key, but long enough to be masked like one. */
  private static final String FAKE = "sk-ab-test-only-not-a-real-key-3456";

  @Test
  void masksItselfEverywhereItIsPrinted() {
    Secret key = Secret.of(FAKE);

    assertThat(key.toString()).isEqualTo("sk-ab...3456").isEqualTo(key.masked());
    assertThat(String.valueOf(key)).doesNotContain("not-a-real");
  }

  @Test
  void masksShortSecretsCompletely() {
    assertThat(Secret.of("abc123").masked()).isEqualTo("******");
  }

  @Test
  void hasAStableIdThatRevealsNothing() {
    Secret key = Secret.of(FAKE);

    assertThat(key.id()).hasSize(16).isEqualTo(Secret.of(key.reveal()).id());
    assertThat(key.id()).doesNotContain("sk-ab").doesNotContain("3456");
  }
}
