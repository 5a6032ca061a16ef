package io.openaibalance.relay;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * Collects a stream into one buffer, up to a limit. Used for request bodies (a retry must resend
 * them) and for upstream error bodies (to classify them); never for a successful response.
 */
final class BoundedBody {
  /** Failure of {@link #read} when the stream is longer than the limit. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super("body over the limit", null, false, false);
    }
  }

  private BoundedBody() {}

  /**
   * Reads {@code stream} to its end. Over {@code limit}, fails with {@link TooLarge} at once when
   * {@code failOverLimit}, otherwise keeps the first {@code limit} bytes and drains the rest.
   */
  static Future<Buffer> read(ReadStream<Buffer> stream, long limit, boolean failOverLimit) {
    Promise<Buffer> promise = Promise.promise();
    Buffer collected = Buffer.buffer();
    stream.exceptionHandler(promise::tryFail);
    stream.handler(
        chunk -> {
          if (collected.length() + (long) chunk.length() <= limit) {
            collected.appendBuffer(chunk);
          } else if (failOverLimit) {
            stream.handler(null);
            stream.endHandler(null);
            promise.tryFail(new TooLarge());
          } else if (collected.length() < limit) {
            collected.appendBuffer(chunk, 0, (int) (limit - collected.length()));
          }
        });
    stream.endHandler(v -> promise.tryComplete(collected));
    return promise.future();
  }
}
