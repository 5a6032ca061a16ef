package io.openaibalance.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.errors.UnauthorizedException;
import io.openaibalance.GatewayHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Only holders of an allowed token (or the admin token) reach an upstream. */
class AuthenticationTest {
  private static final String ADMIN_TOKEN = "admin-token-for-tests-9999";
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(Map.of(
        "API_KEYS", "sk-pool-1", "ALLOWED_TOKENS", "[\"" + GatewayHarness.CLIENT_TOKEN + "\",\"second-client-token\"]",
        "AUTH_TOKEN", ADMIN_TOKEN));
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static HttpResponse<String> modelsWith(String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.url("/v1/models"))).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return harness.send(request.build());
  }

  @Test
  void refusesARequestWithoutToken() {
    HttpResponse<String> response = modelsWith(null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"code\":\"invalid_api_key\"").contains("Missing bearer token");
  }

  @Test
  void refusesAMalformedAuthorizationHeader() {
    assertThat(modelsWith("Basic dXNlcjpwYXNz").statusCode()).isEqualTo(401);
    assertThat(modelsWith("Bearer").statusCode()).isEqualTo(401);
    assertThat(modelsWith("Bearer    ").statusCode()).isEqualTo(401);
  }

  @Test
  void refusesAWrongTokenWithoutEchoingIt() {
    HttpResponse<String> response = modelsWith("Bearer wrong-token-abcdef");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).doesNotContain("wrong-token-abcdef");
  }

  @Test
  void refusesAPoolKeyUsedAsClientToken() {
    assertThat(modelsWith("Bearer sk-pool-1").statusCode()).isEqualTo(401);
  }

  @Test
  void theSdkSeesAnUnauthorizedError() {
    assertThatThrownBy(() -> harness.sdk("not-a-token").models().list())
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void acceptsEveryAllowedTokenAndTheAdminToken() {
    assertThat(modelsWith("Bearer " + GatewayHarness.CLIENT_TOKEN).statusCode()).isEqualTo(200);
    assertThat(modelsWith("Bearer second-client-token").statusCode()).isEqualTo(200);
    assertThat(modelsWith("bearer " + ADMIN_TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void refusesUnauthenticatedRequestsBeforeRevealingWhetherAProviderExists() {
    HttpResponse<String> response = harness.send(HttpRequest.newBuilder(
        URI.create(harness.url("/nosuch/v1/models"))).GET().build());

    assertThat(response.statusCode()).isEqualTo(401);
  }
}
