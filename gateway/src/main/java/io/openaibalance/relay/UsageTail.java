package io.openaibalance.relay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The last bytes of a response, kept to read its {@code usage} once it ends: OpenAI puts usage at
 * the end of a JSON body and in the last chunk of a stream. A chunk costs one copy into a fixed
 * array; nothing is parsed until the end.
 */
final class UsageTail {
  private static final int SIZE = 8 * 1024;
  /** Most plain responses fit: the ring starts this small and grows to {@link #SIZE} if needed. */
  private static final int FIRST_SIZE = 1024;
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);

  private byte[] ring = new byte[FIRST_SIZE];
  private long written;

  void append(Buffer chunk) {
    int length = chunk.length();
    if (ring.length < SIZE && written + length > ring.length) {
      grow(written + length);
    }
    int size = ring.length;
    int from = Math.max(0, length - size);
    written += from;
    for (int i = from; i < length; ) {
      int at = (int) (written % size);
      int run = Math.min(length - i, size - at);
      chunk.getBytes(i, i + run, ring, at);
      written += run;
      i += run;
    }
  }

  /** While nothing has wrapped yet, the bytes sit at the start of the ring in order. */
  private void grow(long needed) {
    int size = ring.length;
    while (size < needed && size < SIZE) {
      size *= 2;
    }
    byte[] larger = new byte[size];
    System.arraycopy(ring, 0, larger, 0, (int) written);
    ring = larger;
  }

  /** The usage in the tail, if any. */
  Optional<RequestRecord.Usage> usage() {
    byte[] tail = ordered();
    for (int at = lastIndexOf(tail, USAGE, tail.length); at >= 0; at = lastIndexOf(tail, USAGE, at)) {
      Optional<RequestRecord.Usage> usage = parseAt(tail, at + USAGE.length);
      if (usage.isPresent()) {
        return usage;
      }
    }
    return Optional.empty();
  }

  private byte[] ordered() {
    int size = ring.length;
    int kept = (int) Math.min(written, size);
    byte[] tail = new byte[kept];
    int start = (int) ((written - kept) % size);
    int firstRun = Math.min(kept, size - start);
    System.arraycopy(ring, start, tail, 0, firstRun);
    System.arraycopy(ring, 0, tail, firstRun, kept - firstRun);
    return tail;
  }

  private static Optional<RequestRecord.Usage> parseAt(byte[] tail, int afterName) {
    int brace = afterName;
    while (brace < tail.length && (tail[brace] == ':' || tail[brace] == ' ')) {
      brace++;
    }
    if (brace >= tail.length || tail[brace] != '{') {
      return Optional.empty();
    }
    long prompt = -1;
    long completion = -1;
    long total = -1;
    try (JsonParser parser = JSON.createParser(tail, brace, tail.length - brace)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.VALUE_NUMBER_INT) {
          switch (name) {
            case "prompt_tokens", "input_tokens" -> prompt = parser.getLongValue();
            case "completion_tokens", "output_tokens" -> completion = parser.getLongValue();
            case "total_tokens" -> total = parser.getLongValue();
            default -> { }
          }
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException cut) {
      return Optional.empty();
    }
    if (prompt < 0 && completion < 0 && total < 0) {
      return Optional.empty();
    }
    long p = Math.max(0, prompt);
    long c = Math.max(0, completion);
    return Optional.of(new RequestRecord.Usage(p, c, total >= 0 ? total : p + c));
  }

  private static int lastIndexOf(byte[] haystack, byte[] needle, int before) {
    outer:
    for (int i = Math.min(before - 1, haystack.length - needle.length); i >= 0; i--) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
