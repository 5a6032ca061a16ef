package io.openaibalance.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals credentials the admin adds (upstream keys, secret settings) before they are stored, so no
 * table and no database dump holds one in clear. AES-256-GCM from the JDK, a fresh random nonce per
 * value; the sealed text is {@code v1:} followed by base64 of nonce and ciphertext.
 *
 * <p>The key comes from {@code ENCRYPTION_KEY} (any passphrase, stretched with PBKDF2) when set:
 * every instance of a cluster must share it. Otherwise it is 32 random bytes in a file beside the
 * SQLite database, made on first start and readable by its owner only.
 */
public final class SecretBox {
  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] PBKDF2_SALT =
      "openai-balance/secret-box/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int PBKDF2_ROUNDS = 200_000;

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  private SecretBox(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /** The box of this installation: from the passphrase if given, else from (or into) the file. */
  public static SecretBox open(Optional<Secret> passphrase, Path keyFile) {
    return passphrase.map(SecretBox::fromPassphrase).orElseGet(() -> fromFile(keyFile));
  }

  static SecretBox fromPassphrase(Secret passphrase) {
    char[] chars = passphrase.reveal().toCharArray();
    try {
      SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      byte[] key = factory.generateSecret(new PBEKeySpec(chars, PBKDF2_SALT, PBKDF2_ROUNDS, 256))
          .getEncoded();
      return new SecretBox(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  static SecretBox fromFile(Path keyFile) {
    try {
      if (!Files.exists(keyFile)) {
        create(keyFile);
      }
      byte[] key = Base64.getDecoder().decode(Files.readString(keyFile).strip());
      if (key.length != 32) {
        throw new IllegalStateException(keyFile + " does not hold a 32-byte key");
      }
      return new SecretBox(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the encryption key " + keyFile, e);
    }
  }

  private static void create(Path keyFile) throws IOException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path parent = keyFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(keyFile);
    } catch (FileAlreadyExistsException e) {
      return; // another process made it first; read theirs
    }
    Files.writeString(keyFile, Base64.getEncoder().encodeToString(key) + "\n",
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  public String seal(String clear) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is in every JDK", e);
    }
  }

  /**
   * The clear text of a value this box sealed.
   *
   * @throws IllegalArgumentException when it was sealed with another key or was altered: the
   *     message never holds the value
   */
  public String open(String sealed) {
    if (!sealed.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a sealed value");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES),
          StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("a stored secret cannot be opened: it was sealed with"
          + " another ENCRYPTION_KEY or altered");
    }
  }
}
