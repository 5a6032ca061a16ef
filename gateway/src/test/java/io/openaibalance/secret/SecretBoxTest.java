package io.openaibalance.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
  @TempDir
  Path dir;

  @Test
  void sealsSoOnlyTheSameKeyOpens() {
    SecretBox box = SecretBox.open(Optional.of(Secret.of("passphrase-one")), dir.resolve("k"));
    String sealed = box.seal("sk-live-key-0001");

    assertThat(sealed).startsWith("v1:").doesNotContain("sk-live-key-0001");
    assertThat(box.seal("sk-live-key-0001")).as("a fresh nonce each time").isNotEqualTo(sealed);
    assertThat(SecretBox.open(Optional.of(Secret.of("passphrase-one")), dir.resolve("k"))
        .open(sealed)).isEqualTo("sk-live-key-0001");
    SecretBox other = SecretBox.open(Optional.of(Secret.of("passphrase-two")), dir.resolve("k"));
    assertThatThrownBy(() -> other.open(sealed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ENCRYPTION_KEY")
        .hasMessageNotContaining("sk-live");
  }

  @Test
  void refusesAnAlteredValue() {
    SecretBox box = SecretBox.open(Optional.of(Secret.of("passphrase-one")), dir.resolve("k"));
    String sealed = box.seal("sk-live-key-0001");
    char last = sealed.charAt(sealed.length() - 3);
    String altered = sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A')
        + sealed.substring(sealed.length() - 2);

    assertThatThrownBy(() -> box.open(altered)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutAPassphraseMakesAPrivateKeyFileOnceAndReusesIt() throws Exception {
    Path keyFile = dir.resolve("data").resolve("encryption.key");
    String sealed = SecretBox.open(Optional.empty(), keyFile).seal("token-0001");

    assertThat(Files.readString(keyFile).strip()).hasSize(44);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    assertThat(SecretBox.open(Optional.empty(), keyFile).open(sealed)).isEqualTo("token-0001");
  }
}
