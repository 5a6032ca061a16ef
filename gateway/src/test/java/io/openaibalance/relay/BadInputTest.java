package io.openaibalance.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.GatewayHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad requests get a clear OpenAI-style error with the right status, never reach the upstream
 * and never change a key's state.
 */
class BadInputTest {
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-only-key", "MAX_REQUEST_BODY_SIZE_MB", "1",
        "FILTERED_MODELS", "[\"gpt-secret\",\"o1-preview\"]"));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @BeforeEach
  void clear() {
    harness.upstream.clearRequests();
  }

  @AfterEach
  void nothingReachedTheUpstreamAndTheKeyIsUntouched() {
    assertThat(harness.upstream.requests()).isEmpty();
    assertThat(harness.key("sk-only-key").health().failures()).isZero();
    assertThat(harness.key("sk-only-key").health().lastError()).isEmpty();
  }

  private static void assertOpenAiError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(response.body())
        .startsWith("{\"error\":{\"message\":\"")
        .contains("\"type\":\"")
        .contains("\"code\":\"" + code + "\"")
        .doesNotContain("Exception")
        .doesNotContain("at io.");
  }

  @Test
  void refusesMalformedJson() {
    assertOpenAiError(harness.postJson("/v1/chat/completions", "{\"model\": \"gpt-4o\", "),
        400, "invalid_json");
  }

  @Test
  void refusesABodyThatIsNotAJsonObject() {
    assertOpenAiError(harness.postJson("/v1/chat/completions", "[1,2]"), 400, "invalid_json");
  }

  @Test
  void refusesAModelGivenTwice() {
    HttpResponse<String> response = harness.postJson("/v1/chat/completions",
        "{\"model\":\"gpt-4o-mini\",\"messages\":[],\"model\":\"gpt-secret\"}");
    assertOpenAiError(response, 400, "invalid_json");
    assertThat(response.body()).contains("the field 'model' twice");
  }

  @Test
  void refusesAMissingModel() {
    assertOpenAiError(harness.postJson("/v1/chat/completions", "{\"messages\":[]}"),
        400, "missing_model");
  }

  @Test
  void refusesAFilteredModelWithoutReachingTheUpstream() {
    HttpResponse<String> response = harness.postJson("/v1/chat/completions",
        "{\"model\":\"gpt-secret\",\"messages\":[]}");

    assertOpenAiError(response, 400, "model_not_allowed");
    assertThat(response.body()).contains("gpt-secret");
  }

  @Test
  void refusesABodyOverTheLimitWith413() {
    String big = "{\"model\":\"gpt-4o\",\"input\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";

    assertOpenAiError(harness.postJson("/v1/embeddings", big), 413, "request_too_large");
  }

  @Test
  void refusesAChunkedBodyOverTheLimitWith413() {
    byte[] big = ("{\"model\":\"gpt-4o\",\"input\":\"" + "y".repeat(1024 * 1024 + 10) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(harness.url("/v1/embeddings")))
        .header("Authorization", "Bearer " + GatewayHarness.CLIENT_TOKEN)
        .header("Content-Type", "application/json")
        // An InputStream publisher has no known length, so the body goes chunked.
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
        .build();

    assertOpenAiError(harness.send(request), 413, "request_too_large");
  }

  @Test
  void refusesAnUnsupportedMethodNamingTheAllowedOnes() {
    HttpResponse<String> response = harness.send("PUT", "/v1/chat/completions",
        "application/json", "{\"model\":\"gpt-4o\"}");

    assertOpenAiError(response, 405, "method_not_allowed");
    assertThat(response.headers().firstValue("allow")).contains("POST");
  }

  @Test
  void refusesAnUnknownProvider() {
    assertOpenAiError(harness.send("GET", "/nosuch/v1/models", null, null), 404, "provider_not_found");
  }

  @Test
  void hidesAFilteredModelFromModelLookup() {
    assertOpenAiError(harness.send("GET", "/v1/models/o1-preview", null, null), 404, "model_not_found");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "//v1/chat/completions", "/v1/../api/config", "/v1/./chat/completions",
      "/v1/chat%2Fcompletions", "/v1/%2e%2e/admin", "/v1/chat\\completions"})
  void refusesPathTricks(String path) throws IOException {
    String response = rawRequest("POST " + path + " HTTP/1.1\r\nHost: x\r\n"
        + "Authorization: Bearer " + GatewayHarness.CLIENT_TOKEN + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response).contains("\"code\":\"invalid_path\"");
  }

  @Test
  void refusesOversizedHeadersWith431() throws IOException {
    String response = rawRequest("GET /v1/models HTTP/1.1\r\nHost: x\r\n"
        + "X-Huge: " + "h".repeat(40_000) + "\r\nConnection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 431");
    assertThat(response).contains("\"code\":\"headers_too_large\"");
  }

  @Test
  void refusesGarbageThatIsNotHttp() throws IOException {
    String response = rawRequest("THIS IS NOT HTTP\r\n\r\n");

    assertThat(response).matches("(?s)HTTP/1\\.[01] 400 .*");
    assertThat(response).contains("\"code\":\"malformed_request\"");
  }

  private static String rawRequest(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", harness.gateway.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        response.write(buffer, 0, n);
        if (response.toString(StandardCharsets.ISO_8859_1).contains("}}")) {
          break;
        }
      }
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
