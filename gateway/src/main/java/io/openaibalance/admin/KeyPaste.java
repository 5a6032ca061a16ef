package io.openaibalance.admin;

import io.openaibalance.secret.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keys pasted by an admin, in whatever shape they came: one per line, comma- or space-separated,
 * a JSON array, quoted. Each piece that looks like a key (8 to 512 visible ASCII characters) is a
 * key; the rest is counted as invalid. Duplicates, within the paste or of keys already in the
 * pool, are counted and skipped.
 */
record KeyPaste(List<Secret> fresh, int duplicates, int invalid) {
  private static final Pattern SEPARATORS = Pattern.compile("[\\s,;\"'\\[\\]]+");
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{8,512}");

  /** @param present the ids of the keys the provider has now */
  static KeyPaste parse(String text, Set<String> present) {
    Map<String, Secret> fresh = new LinkedHashMap<>();
    int duplicates = 0;
    int invalid = 0;
    for (String piece : SEPARATORS.split(text)) {
      if (piece.isEmpty()) {
        continue;
      }
      if (!KEY.matcher(piece).matches()) {
        invalid++;
        continue;
      }
      Secret key = Secret.of(piece);
      if (present.contains(key.id()) || fresh.putIfAbsent(key.id(), key) != null) {
        duplicates++;
      }
    }
    return new KeyPaste(new ArrayList<>(fresh.values()), duplicates, invalid);
  }
}
