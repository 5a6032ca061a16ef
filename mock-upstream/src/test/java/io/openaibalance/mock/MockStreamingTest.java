package io.openaibalance.mock;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MockStreamingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String HEAD = "data: {\"id\":\"chatcmpl-mock\",\"object\":"
      + "\"chat.completion.chunk\",\"created\":1700000000,\"model\":";

  private static Vertx vertx;
  private static HttpClient http;
  private MockUpstream mock;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  @BeforeEach
  void startMock() {
    mock = MockUpstream.start(vertx);
  }

  @AfterEach
  void stopMock() {
    mock.close();
  }

  @Test
  void streamsChunksWithSseExtrasThenStopUsageAndDone() throws Exception {
    String model = "gpt-4o-mini:chunks=2:sse-extras=1";
    HttpResponse<String> response = postChat("sk-a", streamBody(model, true));

    String head = HEAD + "\"" + model + "\",\"choices\":[";
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
    assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
    assertThat(response.body()).isEqualTo(
        ": keep-alive\n\n"
            + head + "{\"index\":0,\"delta\":{\"content\":\"tok0 \"},\"finish_reason\":null}]}\n\n"
            + "event: ping\ndata: {}\n\n"
            + head + "{\"index\":0,\"delta\":{\"content\":\"tok1 \"},\"finish_reason\":null}]}\n\n"
            + head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + head + "],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
            + "\"total_tokens\":5}}\n\n"
            + "data: [DONE]\n\n");
  }

  @Test
  void streamsTheDefaultChunkCountWithoutExtrasOrUsage() throws Exception {
    String body = postChat("sk-a", streamBody("gpt-4o-mini", false)).body();

    assertThat(body).startsWith(HEAD).endsWith("data: [DONE]\n\n");
    assertThat(body.split("\n\n")).hasSize(3 + 2); // 3 content chunks, stop, [DONE]
    assertThat(body).doesNotContain("usage", "event:", ": keep-alive");
    assertThat(postChat("sk-a", streamBody("gpt-4o-mini", false)).body()).isEqualTo(body);
  }

  @Test
  void streamsTextCompletions() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/completions"))
        .header("Authorization", "Bearer sk-a")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"gpt-3.5-turbo-instruct:chunks=1\",\"prompt\":\"hi\",\"stream\":true}"))
        .build();

    String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();

    assertThat(body).contains("\"object\":\"text_completion\"", "\"text\":\"tok0 \"",
        "\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
  }

  @Test
  void dropAfterClosesTheConnectionWithoutTheTerminatingChunk() throws Exception {
    try (RawHttp raw = RawHttp.postChat(mock.port(), "sk-a:chunks=5:drop-after=2",
        streamBody("gpt-4o-mini", false))) {
      String received = raw.readToEnd();

      assertThat(received).startsWith("HTTP/1.1 200 OK").contains("tok0 ", "tok1 ")
          .doesNotContain("tok2 ", "finish_reason\":\"stop", "[DONE]");
      assertThat(received).doesNotEndWith("0\r\n\r\n");
    }
    assertThat(mock.cancelledResponses()).isZero();
  }

  @Test
  void clientDisconnectMidStreamIsCountedAsCancelled() throws Exception {
    try (RawHttp raw = RawHttp.postChat(mock.port(), "sk-a:chunks=1000:interval-ms=20",
        streamBody("gpt-4o-mini", false))) {
      raw.readUntil("tok0 ");
    }

    mock.awaitCancelledResponses(1, WAIT);
    assertThat(mock.cancelledResponses()).isEqualTo(1);
  }

  @Test
  void disconnectDuringTimeToFirstByteIsCountedAsCancelled() throws Exception {
    try (RawHttp ignored = RawHttp.postChat(mock.port(), "sk-a:ttfb-ms=60000",
        streamBody("gpt-4o-mini", false))) {
      mock.awaitRequests(1, WAIT);
    }

    mock.awaitCancelledResponses(1, WAIT);
  }

  @Test
  void completedResponsesAreNotCountedAsCancelled() throws Exception {
    try (RawHttp raw = RawHttp.postChat(mock.port(), "sk-a", streamBody("gpt-4o-mini", false))) {
      raw.readUntil("[DONE]");
    }
    // A second, abandoned response proves the counter is live. The mock's single event loop sees
    // the first connection close before it serves the second request, so had that close been
    // counted the count would already be 2.
    try (RawHttp raw = RawHttp.postChat(mock.port(), "sk-a:chunks=1000:interval-ms=20",
        streamBody("gpt-4o-mini", false))) {
      raw.readUntil("tok0 ");
    }

    mock.awaitCancelledResponses(1, WAIT);
    assertThat(mock.cancelledResponses()).isEqualTo(1);
  }

  @Test
  void hangAfterGoesSilentWithTheConnectionOpen() throws Exception {
    try (RawHttp raw = RawHttp.postChat(mock.port(), "sk-a:chunks=5:hang-after=2",
        streamBody("gpt-4o-mini", false))) {
      raw.readUntil("tok1 ");

      assertThat(raw.staysSilentFor(300)).isTrue();
      assertThat(raw.text()).doesNotContain("tok2 ", "[DONE]");
    }
    mock.awaitCancelledResponses(1, WAIT);
  }

  @Test
  void closingTheMockEndsStreamsStillInProgress() throws Exception {
    try (RawHttp raw = RawHttp.postChat(mock.port(), "sk-a:hang-after=1",
        streamBody("gpt-4o-mini", false))) {
      raw.readUntil("tok0 ");

      mock.close();

      assertThat(raw.readToEnd()).doesNotContain("[DONE]");
    }
  }

  private HttpResponse<String> postChat(String key, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(mock.baseUrl() + "/chat/completions"))
        .timeout(WAIT)
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String streamBody(String model, boolean includeUsage) {
    return "{\"model\":\"" + model + "\",\"stream\":true,"
        + (includeUsage ? "\"stream_options\":{\"include_usage\":true}," : "")
        + "\"messages\":[{\"role\":\"user\",\"content\":\"say hi\"}]}";
  }
}
