package io.openaibalance.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.Transcription;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.models.Model;
import com.openai.models.moderations.ModerationCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import io.openaibalance.GatewayHarness;
import io.openaibalance.mock.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every OpenAI endpoint a user calls, through the gateway, with the official SDK as the client. */
class OpenAiEndpointsThroughGatewayTest {
  private static GatewayHarness harness;
  private static OpenAIClient sdk;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-pool-key-aaaa1111,sk-pool-key-bbbb2222",
        "CUSTOM_HEADERS", "{\"X-Custom-Org\":\"team-blue\"}"));
    sdk = harness.sdk();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void clear() {
    harness.upstream.clearRequests();
  }

  @Test
  void listsModelsWithAPoolKey() {
    List<String> ids = sdk.models().list().data().stream().map(Model::id).collect(Collectors.toList());

    assertThat(ids).contains("gpt-4o-mini", "text-embedding-3-small");
    RecordedRequest received = harness.upstream.awaitRequests(1, Duration.ofSeconds(5)).get(0);
    assertThat(received.path()).isEqualTo("/v1/models");
    assertThat(received.key()).startsWith("sk-pool-key-");
  }

  @Test
  void relaysANonStreamingChatCompletionWithThePoolKeyAndCustomHeaders() {
    ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini").addUserMessage("Say hi").build());

    assertThat(completion.choices()).hasSize(1);
    assertThat(completion.choices().get(0).message().content()).isPresent();
    assertThat(completion.usage()).isPresent();
    RecordedRequest received = harness.upstream.awaitRequests(1, Duration.ofSeconds(5)).get(0);
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.path()).isEqualTo("/v1/chat/completions");
    assertThat(received.key()).startsWith("sk-pool-key-");
    assertThat(received.header("authorization")).doesNotContain(GatewayHarness.CLIENT_TOKEN);
    assertThat(received.header("x-custom-org")).isEqualTo("team-blue");
  }

  @Test
  void streamsAChatCompletionChunkByChunk() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini:chunks=12").addUserMessage("Count").build();
    StringBuilder text = new StringBuilder();
    int chunks = 0;
    try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(params)) {
      for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
        chunks++;
        chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
      }
    }

    assertThat(chunks).isGreaterThanOrEqualTo(12);
    assertThat(text.toString()).contains("tok0 ").contains("tok11 ");
  }

  @Test
  void createsEmbeddings() {
    var response = sdk.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("hello").build());

    assertThat(response.data()).hasSize(1);
    assertThat(response.data().get(0).embedding()).isNotEmpty();
  }

  @Test
  void relaysLegacyCompletions() {
    var completion = sdk.completions().create(CompletionCreateParams.builder()
        .model("gpt-3.5-turbo-instruct").prompt("Once").build());

    assertThat(completion.choices()).isNotEmpty();
    assertThat(harness.upstream.awaitRequests(1, Duration.ofSeconds(5)).get(0).path())
        .isEqualTo("/v1/completions");
  }

  @Test
  void relaysTheResponsesApi() {
    var response = sdk.responses().create(ResponseCreateParams.builder()
        .model("gpt-4o-mini").input("Hello").build());

    assertThat(response.id()).isNotBlank();
    assertThat(harness.upstream.awaitRequests(1, Duration.ofSeconds(5)).get(0).path())
        .isEqualTo("/v1/responses");
  }

  @Test
  void relaysModerationsAndImages() {
    var moderation = sdk.moderations().create(ModerationCreateParams.builder().input("text").build());
    var images = sdk.images().generate(ImageGenerateParams.builder()
        .model("dall-e-3").prompt("a lighthouse").build());

    assertThat(moderation.results()).isNotEmpty();
    assertThat(images.data()).isPresent();
    assertThat(harness.upstream.awaitRequests(2, Duration.ofSeconds(5)))
        .extracting(RecordedRequest::path)
        .containsExactly("/v1/moderations", "/v1/images/generations");
  }

  @Test
  void uploadsAudioAsMultipartWithTheBytesUnchanged() {
    byte[] audio = new byte[200_000];
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (byte) (i * 31);
    }
    Transcription transcription = sdk.audio().transcriptions().create(
        TranscriptionCreateParams.builder().model("whisper-1").file(audio).build()).asTranscription();

    assertThat(transcription.text()).contains(Integer.toString(audio.length));
    RecordedRequest received = harness.upstream.awaitRequests(1, Duration.ofSeconds(5)).get(0);
    assertThat(received.header("content-type")).startsWith("multipart/form-data");
    assertThat(indexOf(received.body(), audio)).isNotNegative();
  }

  @Test
  void returnsBinaryAudioUnchanged() throws IOException {
    byte[] body;
    try (HttpResponse response = sdk.audio().speech().create(SpeechCreateParams.builder()
            .model("tts-1").input("Hello").voice("alloy").build());
        InputStream in = response.body()) {
      body = in.readAllBytes();
    }

    assertThat(body).hasSizeGreaterThan(1000);
    for (int i = 0; i < body.length; i++) {
      assertThat(body[i]).as("byte %d", i).isEqualTo((byte) (i % 256));
    }
  }

  @Test
  void forwardsTheClientsBodyBytesUnchanged() {
    String body = "{\"model\":\"gpt-4o-mini\",  \"messages\":[{\"role\":\"user\",\"content\":\"\\u00e9t\\u00e9\"}],"
        + "\"x_unknown_field\":{\"kept\":[1,2.50,true,null]},\"temperature\":0.20}";

    var response = harness.postJson("/v1/chat/completions", body);

    assertThat(response.statusCode()).isEqualTo(200);
    RecordedRequest received = harness.upstream.awaitRequests(1, Duration.ofSeconds(5)).get(0);
    assertThat(received.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void neverForwardsHopByHopHeadersCookiesOrTheClientsCredentials() {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(harness.url("/v1/embeddings")))
        .header("Authorization", "Bearer " + GatewayHarness.CLIENT_TOKEN)
        .header("Content-Type", "application/json")
        .header("Cookie", "session=abc")
        .header("X-Api-Key", "client-secret")
        .header("Proxy-Authorization", "Basic eDp5")
        .header("Trailer", "X-Checksum")
        .header("X-Kept", "yes")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"text-embedding-3-small\",\"input\":\"x\"}"))
        .build();

    assertThat(harness.send(request).statusCode()).isEqualTo(200);

    RecordedRequest received = harness.upstream.awaitRequests(1, Duration.ofSeconds(5)).get(0);
    assertThat(received.headers().keySet())
        .doesNotContain("cookie", "x-api-key", "proxy-authorization", "trailer")
        .contains("x-kept");
    assertThat(received.header("authorization")).isEqualTo("Bearer " + received.key());
  }

  @Test
  void keepsTheQueryStringAndGenericPaths() {
    var response = harness.send("GET", "/v1/models/gpt-4o?trace=1", null, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(harness.upstream.awaitRequests(1, Duration.ofSeconds(5)).get(0).path())
        .isEqualTo("/v1/models/gpt-4o?trace=1");
  }

  @Test
  void answersHealthWithoutAuthentication() {
    var response = harness.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(harness.url("/health"))).GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"status\":\"healthy\"}");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
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
