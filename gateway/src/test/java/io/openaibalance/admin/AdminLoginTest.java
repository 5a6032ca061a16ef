package io.openaibalance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.GatewayHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Browser logins: a server-side session in an HttpOnly, SameSite=Strict cookie that expires and
 * can be ended; state changes need the CSRF header; guessing is throttled; client tokens never
 * open the admin.
 */
class AdminLoginTest {
  private static final String ADMIN = "admin-token-for-tests-0001";

  private static HttpResponse<String> login(GatewayHarness harness, String token,
      String forwardedProto) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.url("/api/auth/login")))
        .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}"));
    if (forwardedProto != null) {
      request.header("X-Forwarded-Proto", forwardedProto);
    }
    return harness.send(request.build());
  }

  private static HttpResponse<String> withCookie(GatewayHarness harness, String method,
      String path, String cookie, boolean csrfHeader) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.url(path)))
        .method(method, HttpRequest.BodyPublishers.noBody()).header("Cookie", cookie);
    if (csrfHeader) {
      request.header("X-Requested-With", "openai-balance");
    }
    return harness.send(request.build());
  }

  private static String cookieOf(HttpResponse<String> response) {
    return response.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
  }

  @Test
  void aLoginGivesAnHttpOnlyStrictSessionThatExpiresAndEndsAtLogout() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of("AUTH_TOKEN", ADMIN,
        "ADMIN_SESSION_EXPIRE", "120"))) {
      HttpResponse<String> ok = login(harness, ADMIN, null);
      assertThat(ok.statusCode()).isEqualTo(200);
      String setCookie = ok.headers().firstValue("set-cookie").orElseThrow();
      assertThat(setCookie).startsWith("ob_admin=").containsIgnoringCase("HttpOnly")
          .contains("SameSite=Strict").contains("Max-Age=120").doesNotContain("Secure")
          .doesNotContain(ADMIN);
      assertThat(login(harness, ADMIN, "https").headers().firstValue("set-cookie").orElseThrow())
          .as("behind an HTTPS proxy").contains("Secure");
      String cookie = cookieOf(ok);

      assertThat(withCookie(harness, "GET", "/api/config/proxies", cookie, false).statusCode())
          .isEqualTo(200);
      assertThat(withCookie(harness, "POST", "/api/config/proxy/check-all", cookie, false)
          .statusCode()).as("a change without the CSRF header").isEqualTo(403);
      assertThat(withCookie(harness, "POST", "/api/config/proxy/check-all", cookie, true)
          .statusCode()).isEqualTo(200);

      assertThat(withCookie(harness, "POST", "/api/auth/logout", cookie, true).statusCode())
          .isEqualTo(200);
      assertThat(withCookie(harness, "GET", "/api/config/proxies", cookie, false).statusCode())
          .as("after logout").isEqualTo(401);

      String second = cookieOf(login(harness, ADMIN, null));
      harness.clock.advance(Duration.ofSeconds(121));
      assertThat(withCookie(harness, "GET", "/api/config/proxies", second, false).statusCode())
          .as("after ADMIN_SESSION_EXPIRE").isEqualTo(401);
    }
  }

  @Test
  void repeatedFailuresAreThrottledAndClientTokensNeverLogIn() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of("AUTH_TOKEN", ADMIN))) {
      assertThat(login(harness, GatewayHarness.CLIENT_TOKEN, null).statusCode()).isEqualTo(401);
      for (int i = 1; i < LoginThrottle.FAILURES; i++) {
        assertThat(login(harness, "wrong-" + i, null).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> throttled = login(harness, ADMIN, null);
      assertThat(throttled.statusCode()).as("even the right token waits").isEqualTo(429);
      assertThat(throttled.headers().firstValue("retry-after")).isPresent();

      harness.clock.advance(LoginThrottle.WINDOW.plusSeconds(1));
      assertThat(login(harness, ADMIN, null).statusCode()).isEqualTo(200);
      assertThat(harness.admin("GET", "/api/config/proxies", GatewayHarness.CLIENT_TOKEN, null)
          .statusCode()).isEqualTo(401);
    }
  }
}
