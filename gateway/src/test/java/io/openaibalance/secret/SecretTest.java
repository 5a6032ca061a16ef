package io.openaibalance.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

  @Test
  void masksItselfEverywhereItIsPrinted() {
    Secret key = Secret.of("sk-abcdefghijklmnopqrstuvwxyz123456");

    assertThat(key.toString()).isEqualTo("sk-ab...3456").isEqualTo(key.masked());
    assertThat(String.valueOf(key)).doesNotContain("mnopqrst");
  }

  @Test
  void masksShortSecretsCompletely() {
    assertThat(Secret.of("abc123").masked()).isEqualTo("******");
  }

  @Test
  void hasAStableIdThatRevealsNothing() {
    Secret key = Secret.of("sk-abcdefghijklmnopqrstuvwxyz123456");

    assertThat(key.id()).hasSize(16).isEqualTo(Secret.of(key.reveal()).id());
    assertThat(key.id()).doesNotContain("abcdef");
  }
}
