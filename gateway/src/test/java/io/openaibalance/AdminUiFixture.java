package io.openaibalance;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.mock.MockUpstream;
import io.openaibalance.store.Dialect;
import io.openaibalance.store.Persistence;
import io.openaibalance.store.TestDatabases;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole application as {@code Main} wires it (admin pages included), on SQLite, in front of a
 * real mock upstream, with secrets long and distinct enough that a scan for them cannot match by
 * chance: the admin UI tests' world.
 */
final class AdminUiFixture implements AutoCloseable {
  static final String ADMIN = "admin-token-ui-tests-6c1f9e2a";
  static final String CLIENT = "client-token-ui-tests-0b7d44e1";
  static final String KEY_1 = "sk-ui-default-one-1a2b3c4d5e";
  static final String KEY_2 = "sk-ui-default-two-6f7a8b9c0d";
  static final String KEY_3 = "sk-ui-default-three-e1f2a3b4";
  static final String BULK_SEED = "sk-ui-bulk-seed-key-9f8e7d6c";
  /** Every secret the configuration holds; none may appear in a page. */
  static final List<String> SECRETS = List.of(ADMIN, CLIENT, KEY_1, KEY_2, KEY_3, BULK_SEED);

  private final Vertx vertx = Vertx.vertx();
  final MockUpstream upstream = MockUpstream.start(vertx);
  private final Persistence persistence;
  private final Application app;
  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final OpenAIClient sdk;

  AdminUiFixture(Path dir) throws Exception {
    Clock clock = Clock.systemUTC();
    persistence = Persistence.open(TestDatabases.create(Dialect.SQLITE, dir).config(),
        TestDatabases.BOX, clock);
    String upstreamUrl = upstream.baseUrl();
    Files.writeString(dir.resolve(".env"), String.join("\n",
        "HOST=127.0.0.1", "PORT=0", "BASE_URL=" + upstreamUrl,
        "API_KEYS=" + KEY_1 + "," + KEY_2 + "," + KEY_3,
        "AUTH_TOKEN=" + ADMIN, "MAX_RETRIES=1", "MAX_FAILURES=50",
        "ERROR_LOG_RECORD_REQUEST_BODY=true",
        "PROVIDERS_CONFIG=[{\"name\":\"bulk\",\"base_url\":\"" + upstreamUrl
            + "\",\"api_keys\":[\"" + BULK_SEED + "\"]}]", ""));
    // A client token from the environment, which wins over .env, as a deployment would set it.
    SettingsLoader loader = new SettingsLoader(dir, Map.of("ALLOWED_TOKENS", CLIENT),
        persistence::adminLayer);
    app = Application.start(vertx, loader, loader.load(), clock, persistence).await();
    sdk = OpenAIOkHttpClient.builder().baseUrl(url("/v1")).apiKey(CLIENT).maxRetries(0)
        .timeout(Duration.ofSeconds(20)).build();
  }

  String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  Application app() {
    return app;
  }

  /** One chat completion through the gateway with the official SDK: its status. */
  int chat() {
    try {
      sdk.chat().completions().create(ChatCompletionCreateParams.builder()
          .model("gpt-4o-mini").addUserMessage("Hello from the admin UI test").build());
      return 200;
    } catch (OpenAIServiceException e) {
      return e.statusCode();
    }
  }

  /** A request with no redirects followed; {@code headers} are name, value pairs. */
  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
        .timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.GET().build());
  }

  /** The admin API with the admin token, as a script uses it. */
  HttpResponse<String> admin(String method, String path, String body) {
    return send(TestHttp.json(url(path), method, ADMIN, body));
  }

  /** Logs in as a browser does; returns the {@code Cookie} header value of the session. */
  String loginCookie() {
    HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(url("/api/auth/login")))
        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + ADMIN + "\"}")).build());
    if (login.statusCode() != 200) {
      throw new AssertionError("login failed: " + login.statusCode() + " " + login.body());
    }
    return login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
  }

  HttpResponse<String> send(HttpRequest request) {
    return TestHttp.send(http, request);
  }

  @Override
  public void close() {
    app.close().await();
    upstream.close();
    vertx.close().await();
  }
}
