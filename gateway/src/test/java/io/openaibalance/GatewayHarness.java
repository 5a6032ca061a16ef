package io.openaibalance;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.mock.MockUpstream;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A real gateway in front of a real mock upstream, both on random loopback ports, configured the
 * way a user configures it: with environment variables.
 */
public final class GatewayHarness implements AutoCloseable {
  public static final String CLIENT_TOKEN = "client-token-for-tests-0001";

  public final Vertx vertx;
  public final MockUpstream upstream;
  public final MutableClock clock;
  public final Gateway gateway;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private GatewayHarness(Vertx vertx, MockUpstream upstream, MutableClock clock, Gateway gateway) {
    this.vertx = vertx;
    this.upstream = upstream;
    this.clock = clock;
    this.gateway = gateway;
  }

  /**
   * Starts both. {@code variables} are the user's settings; the harness adds {@code HOST}, {@code
   * PORT=0}, {@code BASE_URL} (the mock) and {@code ALLOWED_TOKENS} where they are not given. The
   * value {@code {upstream}} in any variable is replaced with the mock's base URL.
   */
  public static GatewayHarness start(Map<String, String> variables) {
    return start(variables, io.openaibalance.relay.RequestRecorder.NONE);
  }

  /** Starts both, with every relayed request given to {@code recorder}. */
  public static GatewayHarness start(
      Map<String, String> variables, io.openaibalance.relay.RequestRecorder recorder) {
    Vertx vertx = Vertx.vertx();
    MockUpstream upstream = MockUpstream.start(vertx);
    Map<String, String> environment = new HashMap<>();
    environment.put("HOST", "127.0.0.1");
    environment.put("PORT", "0");
    environment.put("BASE_URL", upstream.baseUrl());
    environment.put("ALLOWED_TOKENS", CLIENT_TOKEN);
    variables.forEach((name, value) ->
        environment.put(name, value.replace("{upstream}", upstream.baseUrl())));
    // Starts at the real time so HTTP-date headers from the mock mean the same to the gateway.
    MutableClock clock = new MutableClock(Instant.now());
    Gateway gateway = Gateway.start(vertx, SettingsLoader.load(emptyDir(), environment, Map.of()),
        clock, io.openaibalance.keys.KeyStates.NONE, recorder).await();
    return new GatewayHarness(vertx, upstream, clock, gateway);
  }

  /** The official OpenAI SDK pointed at the gateway, with its own retries off. */
  public OpenAIClient sdk() {
    return sdk(CLIENT_TOKEN);
  }

  public OpenAIClient sdk(String token) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(url("/v1"))
        .apiKey(token)
        .maxRetries(0)
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + gateway.port() + path;
  }

  /** A plain HTTP request with the client token, for what the SDK cannot send. */
  public HttpResponse<String> send(String method, String path, String contentType, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + CLIENT_TOKEN)
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request.build());
  }

  /** A call to the admin API with {@code AUTH_TOKEN} {@code token}; {@code body} may be null. */
  public HttpResponse<String> admin(String method, String path, String token, String body) {
    return send(TestHttp.json(url(path), method, token, body));
  }

  public HttpResponse<String> postJson(String path, String body) {
    return send("POST", path, "application/json", body);
  }

  public HttpResponse<String> send(HttpRequest request) {
    return TestHttp.send(http, request);
  }

  /** The live state of a key of the default provider, found by the start of its value. */
  public io.openaibalance.keys.PooledKey key(String prefix) {
    return gateway.snapshot().providers().defaultProvider().keys().keys().stream()
        .filter(k -> k.secret().reveal().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no key starting with " + prefix));
  }

  public HttpClient http() {
    return http;
  }

  private static Path emptyDir() {
    try {
      return Files.createTempDirectory("openai-balance-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    gateway.close().await();
    upstream.close();
    vertx.close().await();
  }
}
