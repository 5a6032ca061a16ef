package io.openaibalance.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.http.StreamResponse;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.openaibalance.GatewayHarness;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streams pass through byte for byte; failures after the first byte end the stream, never retry. */
class StreamingPassThroughTest {
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(Map.of("API_KEYS", "sk-s1,sk-s2", "TIME_OUT", "1"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void clear() {
    harness.upstream.clearRequests();
  }

  private static HttpRequest streamRequest(String baseUrl, String token, String model) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
            + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
        .build();
  }

  private static byte[] bytesOf(HttpRequest request) {
    try {
      return harness.http().send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void passesTheEventStreamThroughByteForByte() {
    String model = "gpt-4o-mini:chunks=25:sse-extras=1";
    byte[] direct = bytesOf(streamRequest(harness.upstream.baseUrl(), "sk-s1", model));
    byte[] relayed = bytesOf(streamRequest(harness.url("/v1"), GatewayHarness.CLIENT_TOKEN, model));

    assertThat(new String(relayed, StandardCharsets.UTF_8))
        .contains(": keep-alive\n\n").contains("event: ping\n").endsWith("data: [DONE]\n\n");
    assertThat(relayed).isEqualTo(direct);
  }

  @Test
  void manyConcurrentStreamsEachArriveWholeAndUnmixed() throws Exception {
    String model = "gpt-4o-mini:chunks=40:interval-ms=5";
    byte[] expected = bytesOf(streamRequest(harness.upstream.baseUrl(), "sk-s1", model));
    List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> streams = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      streams.add(harness.http().sendAsync(
          streamRequest(harness.url("/v1"), GatewayHarness.CLIENT_TOKEN, model),
          HttpResponse.BodyHandlers.ofByteArray()));
    }

    for (var stream : streams) {
      HttpResponse<byte[]> response = stream.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(expected);
    }
  }

  @Test
  void keepsTheStreamHeaders() {
    HttpResponse<String> response = harness.send(
        streamRequest(harness.url("/v1"), GatewayHarness.CLIENT_TOKEN, "gpt-4o-mini"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/event-stream"));
  }

  @Test
  void endsAStreamThatBreaksMidwayWithAnErrorEventAndDoesNotRetry() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini:chunks=10:drop-after=3").addUserMessage("hi").build();
    StringBuilder received = new StringBuilder();

    assertThatThrownBy(() -> {
      try (StreamResponse<ChatCompletionChunk> stream =
               harness.sdk().chat().completions().createStreaming(params)) {
        stream.stream().forEach(chunk ->
            chunk.choices().forEach(c -> c.delta().content().ifPresent(received::append)));
      }
    }).isInstanceOf(SseException.class).hasMessageContaining("mid-stream");

    assertThat(received.toString()).isEqualTo("tok0 tok1 tok2 ");
    assertThat(harness.upstream.requests()).hasSize(1);
  }

  @Test
  void endsAStreamThatFallsSilentForLongerThanTheTimeout() {
    byte[] relayed = bytesOf(streamRequest(harness.url("/v1"), GatewayHarness.CLIENT_TOKEN,
        "gpt-4o-mini:chunks=10:hang-after=2"));

    String text = new String(relayed, StandardCharsets.UTF_8);
    assertThat(text).contains("tok1 ").doesNotContain("tok2 ");
    assertThat(text).endsWith("\"code\":\"upstream_stream_interrupted\"}}\n\n");
    assertThat(harness.upstream.requests()).hasSize(1);
  }

  @Test
  void aLongStreamIsNotCutByTheTimeout() {
    byte[] relayed = bytesOf(streamRequest(harness.url("/v1"), GatewayHarness.CLIENT_TOKEN,
        "gpt-4o-mini:chunks=30:interval-ms=50"));

    assertThat(new String(relayed, StandardCharsets.UTF_8)).contains("tok29 ").endsWith("[DONE]\n\n");
  }

  @Test
  void aClientThatDisconnectsCancelsTheUpstreamRequest() throws Exception {
    int cancelledBefore = harness.upstream.cancelledResponses();
    HttpResponse<InputStream> response = harness.http().send(
        streamRequest(harness.url("/v1"), GatewayHarness.CLIENT_TOKEN,
            "gpt-4o-mini:chunks=1000:interval-ms=20"),
        HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      assertThat(body.readNBytes(200)).hasSize(200);
    }

    harness.upstream.awaitCancelledResponses(cancelledBefore + 1, Duration.ofSeconds(5));
    assertThat(harness.upstream.cancelledResponses()).isGreaterThan(cancelledBefore);
  }
}
