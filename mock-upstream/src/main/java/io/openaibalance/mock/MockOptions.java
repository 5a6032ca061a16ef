package io.openaibalance.mock;

import java.util.List;
import java.util.Objects;

/**
 * What the mock serves when no directive says otherwise.
 *
 * @param models ids listed by {@code GET /v1/models}
 * @param embeddingDimensions length of every embedding vector
 * @param defaultChunks content chunks per stream when the request has no {@code chunks} directive
 * @param nonStreamContentBytes length of non-streaming completion text without a {@code size}
 *     directive
 */
public record MockOptions(
    List<String> models, int embeddingDimensions, int defaultChunks, int nonStreamContentBytes) {

  public MockOptions {
    Objects.requireNonNull(models, "models");
    models = List.copyOf(models);
    if (embeddingDimensions < 1) {
      throw new IllegalArgumentException(
          "embeddingDimensions: " + embeddingDimensions + " (expected >= 1)");
    }
    if (defaultChunks < 0) {
      throw new IllegalArgumentException("defaultChunks: " + defaultChunks + " (expected >= 0)");
    }
    if (nonStreamContentBytes < 0) {
      throw new IllegalArgumentException(
          "nonStreamContentBytes: " + nonStreamContentBytes + " (expected >= 0)");
    }
  }

  public static MockOptions defaults() {
    return new MockOptions(
        List.of(
            "gpt-4o-mini",
            "gpt-4o",
            "text-embedding-3-small",
            "dall-e-3",
            "whisper-1",
            "tts-1",
            "omni-moderation-latest"),
        8,
        3,
        64);
  }

  /** The same options serving a different model list. */
  public MockOptions withModels(List<String> newModels) {
    return new MockOptions(newModels, embeddingDimensions, defaultChunks, nonStreamContentBytes);
  }
}
