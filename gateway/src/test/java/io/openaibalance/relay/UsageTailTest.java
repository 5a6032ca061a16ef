package io.openaibalance.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The usage at the end of a body is found whatever the body's size and its chunking. */
class UsageTailTest {
  private static final String USAGE =
      "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}";

  private static Optional<RequestRecord.Usage> usageOf(String body, int chunkSize) {
    return usageOf(new UsageTail(), body, chunkSize);
  }

  private static Optional<RequestRecord.Usage> usageOf(
      UsageTail tail, String body, int chunkSize) {
    for (int at = 0; at < body.length(); at += chunkSize) {
      tail.append(Buffer.buffer(body.substring(at, Math.min(body.length(), at + chunkSize))));
    }
    return tail.usage();
  }

  @Test
  void findsTheUsageOfSmallGrowingAndLongBodiesInAnyChunking() {
    for (int padding : new int[] {0, 900, 1500, 5000, 9000, 40_000}) {
      String body = "{\"text\":\"" + "x".repeat(padding) + "\"," + USAGE;
      for (int chunkSize : new int[] {1, 7, 100, 1024, 5000, body.length()}) {
        assertThat(usageOf(body, chunkSize)).as("padding %d, chunks of %d", padding, chunkSize)
            .contains(new RequestRecord.Usage(11, 7, 18));
      }
    }
  }

  @Test
  void aDeclaredLengthRightOrWrongChangesNothingButTheRingsFirstSize() {
    for (int padding : new int[] {0, 900, 9000}) {
      String body = "{\"text\":\"" + "x".repeat(padding) + "\"," + USAGE;
      for (long declared : new long[] {body.length(), 10, body.length() * 3L, 0}) {
        assertThat(usageOf(new UsageTail(declared), body, 512))
            .as("padding %d, declared %d", padding, declared)
            .contains(new RequestRecord.Usage(11, 7, 18));
      }
    }
  }

  @Test
  void aBodyWithoutUsageHasNone() {
    assertThat(usageOf("{\"text\":\"" + "y".repeat(3000) + "\"}", 100)).isEmpty();
  }
}
