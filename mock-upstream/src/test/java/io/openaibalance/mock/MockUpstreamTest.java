package io.openaibalance.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MockUpstreamTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CHAT = "/chat/completions";
  private static final String HELLO =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"say hi\"}]}";

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
  void servesTheSameNonStreamingChatCompletionForTheSameRequest() throws Exception {
    HttpResponse<String> first = post(CHAT, "sk-a", HELLO);
    HttpResponse<String> second = post(CHAT, "sk-a", HELLO);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(second.body()).isEqualTo(first.body());
    JsonObject completion = new JsonObject(first.body());
    assertThat(completion.getString("id")).isEqualTo("chatcmpl-mock");
    assertThat(completion.getString("object")).isEqualTo("chat.completion");
    assertThat(completion.getLong("created")).isEqualTo(1_700_000_000L);
    assertThat(completion.getString("model")).isEqualTo("gpt-4o-mini");
    JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
    assertThat(choice.getString("finish_reason")).isEqualTo("stop");
    assertThat(choice.getJsonObject("message").getString("role")).isEqualTo("assistant");
    assertThat(choice.getJsonObject("message").getString("content"))
        .startsWith("tok0 tok1 ").hasSize(64);
    JsonObject usage = completion.getJsonObject("usage");
    assertThat(usage.getInteger("prompt_tokens")).isEqualTo(3); // "user", "say", "hi"
    assertThat(usage.getInteger("total_tokens"))
        .isEqualTo(usage.getInteger("prompt_tokens") + usage.getInteger("completion_tokens"));
  }

  @Test
  void sizeDirectiveSetsTheContentLength() throws Exception {
    HttpResponse<String> response = post(CHAT, "sk-a",
        "{\"model\":\"gpt-4o-mini:size=1000\",\"messages\":[]}");

    String content = new JsonObject(response.body()).getJsonArray("choices").getJsonObject(0)
        .getJsonObject("message").getString("content");
    assertThat(content).hasSize(1000);
  }

  @Test
  void statusDirectiveAnswersWithAnOpenAiError() throws Exception {
    HttpResponse<String> response = post(CHAT, "sk-a:status=429", HELLO);

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("requests");
    assertThat(error.getString("code")).isEqualTo("rate_limit_exceeded");
    assertThat(error.getString("message")).isNotBlank();
    assertThat(error.containsKey("param")).isTrue();
    assertThat(error.getValue("param")).isNull();
  }

  @Test
  void codeDirectiveTurnsA429IntoTheQuotaError() throws Exception {
    HttpResponse<String> response = post(CHAT, "sk-a:status=429:code=insufficient_quota", HELLO);

    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(error.getString("type")).isEqualTo("insufficient_quota");
    assertThat(error.getString("code")).isEqualTo("insufficient_quota");
  }

  @Test
  void modelDirectivesApplyButKeyDirectivesWinOnConflict() throws Exception {
    String body = "{\"model\":\"gpt-4o-mini:status=500\",\"messages\":[]}";

    assertThat(post(CHAT, "sk-a", body).statusCode()).isEqualTo(500);
    assertThat(post(CHAT, "sk-a:status=503", body).statusCode()).isEqualTo(503);
    JsonObject error = new JsonObject(post(CHAT, "sk-a:status=503", body).body())
        .getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("service_unavailable");
  }

  @Test
  void rateLimitDirectivesBecomeHeadersOnTheError() throws Exception {
    HttpResponse<String> response = post(CHAT,
        "sk-a:status=429:retry-after=2:retry-after-ms=1500:reset-requests=6m0s:reset-tokens=20ms",
        HELLO);

    assertThat(response.headers().firstValue("retry-after")).hasValue("2");
    assertThat(response.headers().firstValue("retry-after-ms")).hasValue("1500");
    assertThat(response.headers().firstValue("x-ratelimit-reset-requests")).hasValue("6m0s");
    assertThat(response.headers().firstValue("x-ratelimit-reset-tokens")).hasValue("20ms");
  }

  @Test
  void retryAfterDateIsAnHttpDateThatManySecondsFromNow() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2025-01-02T03:04:05.250Z"), ZoneOffset.UTC);
    try (MockUpstream dated = MockUpstream.start(
        vertx, MockOptions.defaults(), Binding.forTests(), clock)) {
      HttpResponse<String> response = send(dated, "POST", CHAT,
          "sk-a:status=503:retry-after-date=90", HttpRequest.BodyPublishers.ofString(HELLO),
          "application/json");

      assertThat(response.statusCode()).isEqualTo(503);
      // 03:05:35.25 rounds up, so a client never retries before the time asked for.
      assertThat(response.headers().firstValue("retry-after"))
          .hasValue("Thu, 02 Jan 2025 03:05:36 GMT");
    }
  }

  @Test
  void ttfbDirectiveDelaysTheResponse() throws Exception {
    long started = System.nanoTime();
    HttpResponse<String> response = post(CHAT, "sk-a:ttfb-ms=300", HELLO);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(
        Duration.ofMillis(300));
  }

  @Test
  void overrideKeyReplacesTheKeysOwnDirectivesUntilCleared() throws Exception {
    mock.overrideKey("sk-a", "status=401");
    mock.overrideKey("sk-b:status=500", "");

    HttpResponse<String> revoked = post(CHAT, "sk-a", HELLO);
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(revoked.body()).getJsonObject("error").getString("code"))
        .isEqualTo("invalid_api_key");
    assertThat(post(CHAT, "sk-b:status=500", HELLO).statusCode()).isEqualTo(200);

    mock.clearOverrides();
    assertThat(post(CHAT, "sk-a", HELLO).statusCode()).isEqualTo(200);
    assertThat(post(CHAT, "sk-b:status=500", HELLO).statusCode()).isEqualTo(500);
  }

  @Test
  void overrideKeyRejectsAnUnknownDirective() {
    assertThatThrownBy(() -> mock.overrideKey("sk-a", "stauts=401"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stauts");
  }

  @Test
  void requestWithoutBearerKeyIsRejectedAndRecorded() throws Exception {
    HttpResponse<String> response = send(mock, "POST", CHAT, null,
        HttpRequest.BodyPublishers.ofString(HELLO), "application/json");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getString("type"))
        .isEqualTo("invalid_request_error");
    assertThat(mock.awaitRequests(1, WAIT)).singleElement()
        .satisfies(recorded -> assertThat(recorded.key()).isNull());
  }

  @Test
  void recordsMethodRawPathHeadersBodyAndKey() throws Exception {
    post(CHAT + "?x=1", "sk-a:chunks=2", HELLO);

    RecordedRequest recorded = mock.awaitRequests(1, WAIT).get(0);
    assertThat(recorded.method()).isEqualTo("POST");
    assertThat(recorded.path()).isEqualTo("/v1/chat/completions?x=1");
    assertThat(recorded.key()).isEqualTo("sk-a:chunks=2");
    assertThat(recorded.header("Authorization")).isEqualTo("Bearer sk-a:chunks=2");
    assertThat(recorded.headers()).containsKey("content-type");
    assertThat(recorded.bodyText()).isEqualTo(HELLO);

    mock.clearRequests();
    assertThat(mock.requests()).isEmpty();
  }

  @Test
  void awaitRequestsNamesHowManyArrivedWhenTheyDoNot() throws Exception {
    post(CHAT, "sk-a", HELLO);

    assertThatThrownBy(() -> mock.awaitRequests(2, Duration.ofMillis(100)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("but 1 arrived");
  }

  @Test
  void malformedJsonUnknownPathAndBadDirectiveAreOpenAiErrors() throws Exception {
    HttpResponse<String> malformed = post(CHAT, "sk-a", "{\"model\":");
    HttpResponse<String> unknown = post("/nope", "sk-a", HELLO);
    HttpResponse<String> badDirective = post(CHAT, "sk-a:chunks=many", HELLO);

    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(malformed.body()).getJsonObject("error").getString("type"))
        .isEqualTo("invalid_request_error");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getJsonObject("error").getString("message"))
        .isEqualTo("Invalid URL (POST /v1/nope)");
    assertThat(badDirective.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(badDirective.body()).getJsonObject("error").getString("message"))
        .contains("'chunks'", "'many'", "non-negative integer");
  }

  @Test
  void multipartUploadIsRecordedByteForByteAndMeasured() throws Exception {
    byte[] audio = Speech.audio(3000);
    String boundary = "mockboundary42";
    byte[] body = multipart(boundary, "whisper-1", audio);

    HttpResponse<String> response = send(mock, "POST", "/audio/transcriptions", "sk-a",
        HttpRequest.BodyPublishers.ofByteArray(body), "multipart/form-data; boundary=" + boundary);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("text"))
        .isEqualTo("mock transcription of 3000 bytes");
    assertThat(mock.awaitRequests(1, WAIT).get(0).body()).isEqualTo(body);
  }

  @Test
  void multipartModelFieldCarriesDirectives() throws Exception {
    String boundary = "b";
    HttpResponse<String> response = send(mock, "POST", "/audio/translations", "sk-a",
        HttpRequest.BodyPublishers.ofByteArray(
            multipart(boundary, "whisper-1:status=503", new byte[3])),
        "multipart/form-data; boundary=" + boundary);

    assertThat(response.statusCode()).isEqualTo(503);
  }

  @Test
  void listsAndLooksUpConfiguredModels() throws Exception {
    try (MockUpstream custom = MockUpstream.start(
        vertx, MockOptions.defaults().withModels(List.of("m1", "m2")))) {
      JsonObject list = new JsonObject(get(custom, "/models").body());
      HttpResponse<String> one = get(custom, "/models/m2");
      HttpResponse<String> missing = get(custom, "/models/gpt-4o");

      assertThat(list.getString("object")).isEqualTo("list");
      assertThat(list.getJsonArray("data").stream().map(m -> ((JsonObject) m).getString("id")))
          .containsExactly("m1", "m2");
      assertThat(new JsonObject(one.body()))
          .isEqualTo(new JsonObject().put("id", "m2").put("object", "model")
              .put("created", 1_700_000_000L).put("owned_by", "mock"));
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(missing.body()).getJsonObject("error").getString("code"))
          .isEqualTo("model_not_found");
    }
  }

  @Test
  void embedsEachInputWithTheConfiguredDimensions() throws Exception {
    JsonObject list = new JsonObject(post("/embeddings", "sk-a",
        "{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b c\",\"a\"]}").body());

    JsonArray data = list.getJsonArray("data");
    assertThat(data).hasSize(3);
    assertThat(data.getJsonObject(1).getInteger("index")).isEqualTo(1);
    assertThat(data.getJsonObject(1).getJsonArray("embedding")).hasSize(8);
    assertThat(data.getJsonObject(2).getJsonArray("embedding"))
        .isEqualTo(data.getJsonObject(0).getJsonArray("embedding"));
    assertThat(list.getJsonObject("usage").getInteger("prompt_tokens")).isEqualTo(4);
  }

  @Test
  void base64EmbeddingsAreTheSameVectorAsLittleEndianFloat32() throws Exception {
    String request = "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\"";
    JsonArray floats = new JsonObject(post("/embeddings", "sk-a", request + "}").body())
        .getJsonArray("data").getJsonObject(0).getJsonArray("embedding");
    String base64 = new JsonObject(
        post("/embeddings", "sk-a", request + ",\"encoding_format\":\"base64\"}").body())
        .getJsonArray("data").getJsonObject(0).getString("embedding");

    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes.remaining()).isEqualTo(8 * Float.BYTES);
    for (int i = 0; i < 8; i++) {
      assertThat(bytes.getFloat()).isEqualTo(floats.getDouble(i).floatValue());
    }
  }

  @Test
  void speechIsDeterministicBinaryAudio() throws Exception {
    HttpResponse<byte[]> response = http.send(request(mock, "POST", "/audio/speech", "sk-a",
            HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1:size=600\",\"input\":\"hi\"}"),
            "application/json"),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.headers().firstValue("content-type")).hasValue("audio/mpeg");
    assertThat(response.body()).isEqualTo(Speech.audio(600));
    assertThat(response.body()[257]).isEqualTo((byte) 1);
  }

  @Test
  void servesResponsesImagesAndModerations() throws Exception {
    JsonObject response = new JsonObject(
        post("/responses", "sk-a", "{\"model\":\"gpt-4o\",\"input\":\"hello\"}").body());
    JsonObject images = new JsonObject(
        post("/images/generations", "sk-a", "{\"prompt\":\"a cat\",\"n\":2}").body());
    JsonObject moderation = new JsonObject(
        post("/moderations", "sk-a", "{\"input\":[\"a\",\"b\"]}").body());

    assertThat(response.getString("object")).isEqualTo("response");
    assertThat(response.getJsonArray("output").getJsonObject(0).getJsonArray("content")
        .getJsonObject(0).getString("type")).isEqualTo("output_text");
    assertThat(response.getJsonObject("usage").getInteger("input_tokens")).isEqualTo(1);
    assertThat(images.getJsonArray("data")).hasSize(2);
    assertThat(images.getJsonArray("data").getJsonObject(0).getString("b64_json")).isNotEmpty();
    assertThat(moderation.getString("model")).isEqualTo("omni-moderation-latest");
    assertThat(moderation.getJsonArray("results")).hasSize(2);
  }

  private HttpResponse<String> post(String path, String key, String json) throws Exception {
    return send(mock, "POST", path, key, HttpRequest.BodyPublishers.ofString(json),
        "application/json");
  }

  private static HttpResponse<String> get(MockUpstream target, String path) throws Exception {
    return send(target, "GET", path, "sk-a", HttpRequest.BodyPublishers.noBody(), null);
  }

  private static HttpResponse<String> send(MockUpstream target, String method, String path,
      String key, HttpRequest.BodyPublisher body, String contentType) throws Exception {
    return http.send(request(target, method, path, key, body, contentType),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(MockUpstream target, String method, String path,
      String key, HttpRequest.BodyPublisher body, String contentType) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
        .timeout(WAIT)
        .method(method, body);
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    if (contentType != null) {
      builder.header("Content-Type", contentType);
    }
    return builder.build();
  }

  private static byte[] multipart(String boundary, String model, byte[] file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"model\"\r\n\r\n"
        + model + "\r\n"
        + "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n"
        + "Content-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(file);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
