package io.openaibalance.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * The SSE events of one streamed completion. Everything but the chunk index is encoded once per
 * stream, so each chunk is a few byte copies.
 */
final class ChunkFormat {
  static final long CREATED = 1_700_000_000L;

  private final byte[] head;
  private final byte[] contentOpen;
  private final byte[] contentClose;
  private final byte[] finishChoice;
  private final int promptTokens;

  private ChunkFormat(String id, String object, String model, String contentOpen,
      String contentClose, String finishChoice, int promptTokens) {
    this.head = ("data: {\"id\":\"" + id + "\",\"object\":\"" + object + "\",\"created\":" + CREATED
        + ",\"model\":" + Json.encode(model) + ",\"choices\":[").getBytes(StandardCharsets.UTF_8);
    this.contentOpen = contentOpen.getBytes(StandardCharsets.UTF_8);
    this.contentClose = contentClose.getBytes(StandardCharsets.UTF_8);
    this.finishChoice = finishChoice.getBytes(StandardCharsets.UTF_8);
    this.promptTokens = promptTokens;
  }

  static ChunkFormat chat(String model, int promptTokens) {
    return new ChunkFormat("chatcmpl-mock", "chat.completion.chunk", model,
        "{\"index\":0,\"delta\":{\"content\":\"",
        "\"},\"finish_reason\":null}]}\n\n",
        "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
        promptTokens);
  }

  static ChunkFormat text(String model, int promptTokens) {
    return new ChunkFormat("cmpl-mock", "text_completion", model,
        "{\"text\":\"",
        "\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}\n\n",
        "{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n",
        promptTokens);
  }

  Buffer content(int index) {
    return Buffer.buffer(head.length + contentOpen.length + contentClose.length + 16)
        .appendBytes(head)
        .appendBytes(contentOpen)
        .appendString(SyntheticText.chunk(index))
        .appendBytes(contentClose);
  }

  Buffer finish() {
    return Buffer.buffer(head.length + finishChoice.length)
        .appendBytes(head)
        .appendBytes(finishChoice);
  }

  Buffer usage(int completionTokens) {
    return Buffer.buffer(head.length + 96)
        .appendBytes(head)
        .appendString("],\"usage\":{\"prompt_tokens\":" + promptTokens
            + ",\"completion_tokens\":" + completionTokens
            + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}\n\n");
  }
}
