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

  private byte[] ring;
  private long written;

  /** For a body of unknown length (a stream, a chunked answer). */
  UsageTail() {
    this(-1);
  }

  /**
   * @param expectedLength the body's declared length, or -1: a body that declares it gets a ring
   *     of its size (up to {@link #SIZE}) at once, not one that doubles its way there
   */
  UsageTail(long expectedLength) {
    ring = new byte[expectedLength > 0 ? (int) Math.min(expectedLength, SIZE) : FIRST_SIZE];
  }

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
      size = Math.min(size * 2, SIZE);
    }
    byte[] larger = new byte[size];
    System.arraycopy(ring, 0, larger, 0, (int) written);
    ring = larger;
  }

  /** The usage in the tail, if any. */
  Optional<RequestRecord.Usage> usage() {
    // Until it wraps, the ring holds the body in order from its start: read it where it is.
    byte[] tail = written <= ring.length ? ring : ordered();
    int length = (int) Math.min(written, ring.length);
    for (int at = lastIndexOf(tail, length, USAGE, length); at >= 0;
        at = lastIndexOf(tail, length, USAGE, at)) {
      Optional<RequestRecord.Usage> usage = parseAt(tail, length, at + USAGE.length);
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

  private static Optional<RequestRecord.Usage> parseAt(byte[] tail, int length, int afterName) {
    int brace = afterName;
    while (brace < length && (tail[brace] == ':' || tail[brace] == ' ')) {
      brace++;
    }
    if (brace >= length || tail[brace] != '{') {
      return Optional.empty();
    }
    long prompt = -1;
    long completion = -1;
    long total = -1;
    try (JsonParser parser = JSON.createParser(tail, brace, length - brace)) {
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

  /** Where {@code needle} last starts before {@code before}, within the first {@code length}. */
  private static int lastIndexOf(byte[] haystack, int length, byte[] needle, int before) {
    outer:
    for (int i = Math.min(before - 1, length - needle.length); i >= 0; i--) {
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
