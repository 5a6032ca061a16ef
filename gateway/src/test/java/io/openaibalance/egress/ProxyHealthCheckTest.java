package io.openaibalance.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy check endpoints: a dead proxy fails its checks until it is disabled and its keys move;
 * once it runs again, "check all" enables it and its keys come back. Only the admin token opens
 * them, and no proxy password is ever in an answer.
 */
class ProxyHealthCheckTest {
  private static final String ADMIN = "admin-token-for-tests-0001";
  private static final String CHAT = "{\"model\":\"m\",\"messages\":[]}";
  private static final List<String> KEYS =
      IntStream.range(0, 8).mapToObj(i -> "sk-checked-key-" + i).toList();

  @TempDir
  Path dir;

  private static boolean anyThroughTinyproxy(GatewayHarness harness) {
    return harness.upstream.requests().stream()
        .anyMatch(r -> r.header("via") != null && r.header("via").contains("tinyproxy"));
  }

  @Test
  void checksDisableADeadProxyAndBringItBackWhenItRunsAgain() {
    try (ProxyServers.Server http = ProxyServers.httpProxyWithBasicAuth(dir);
        ProxyServers.Server socks = ProxyServers.socks5Proxy(dir);
        GatewayHarness harness = GatewayHarness.start(Map.of("API_KEYS", String.join(",", KEYS),
            "PROXIES", http.url() + "," + socks.url(), "PROXY_MAX_FAILURES", "2",
            "PROXY_CHECK_URL", "{upstream}/models", "PROXY_CHECK_TIMEOUT", "2",
            "AUTH_TOKEN", ADMIN))) {
      String password = http.address().password().orElseThrow().reveal();
      HttpResponse<String> check = harness.admin("POST", "/api/config/proxy/check", ADMIN,
          new JsonObject().put("proxy", http.url()).encode());
      assertThat(check.statusCode()).isEqualTo(200);
      JsonObject passed = new JsonObject(check.body());
      assertThat(passed.getBoolean("is_available")).isTrue();
      assertThat(passed.getDouble("response_time")).isPositive();
      assertThat(check.body()).doesNotContain(password).contains(":***@");

      http.stop();
      for (int i = 0; i < 2; i++) {
        JsonObject all = new JsonObject(
            harness.admin("POST", "/api/config/proxy/check-all", ADMIN, null).body());
        assertThat(all.getInteger("total")).isEqualTo(2);
        assertThat(all.getInteger("available")).isEqualTo(1);
      }
      String listed = harness.admin("GET", "/api/config/proxies", ADMIN, null).body();
      assertThat(listed).doesNotContain(password).contains("\"enabled\":false");
      harness.upstream.clearRequests();
      for (int i = 0; i < KEYS.size(); i++) {
        assertThat(harness.postJson("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
      }
      assertThat(anyThroughTinyproxy(harness)).as("no key uses the disabled proxy").isFalse();

      http.start();
      JsonObject all = new JsonObject(
          harness.admin("POST", "/api/config/proxy/check-all", ADMIN, null).body());
      assertThat(all.getInteger("available")).isEqualTo(2);
      harness.upstream.clearRequests();
      for (int i = 0; i < KEYS.size(); i++) {
        assertThat(harness.postJson("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
      }
      assertThat(anyThroughTinyproxy(harness)).as("its keys are back").isTrue();
    }
  }

  @Test
  void theAdminApiNeedsTheAdminTokenAndRejectsABadProxyUrlWithoutEchoingItsPassword() {
    try (GatewayHarness harness = GatewayHarness.start(Map.of("AUTH_TOKEN", ADMIN))) {
      assertThat(harness.admin("POST", "/api/config/proxy/check-all", null, null).statusCode())
          .isEqualTo(401);
      assertThat(harness.admin("POST", "/api/config/proxy/check-all",
          GatewayHarness.CLIENT_TOKEN, null).statusCode()).as("a client token is no admin token")
          .isEqualTo(401);
      HttpResponse<String> bad = harness.admin("POST", "/api/config/proxy/check", ADMIN,
          "{\"proxy\":\"ftp://user:hunter2-secret@host:21\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("invalid_proxy").doesNotContain("hunter2-secret");
      assertThat(harness.admin("POST", "/api/config/proxy/check", ADMIN, "{not json")
          .statusCode()).isEqualTo(400);
    }
    try (GatewayHarness noAdmin = GatewayHarness.start(Map.of())) {
      HttpResponse<String> off = noAdmin.admin("GET", "/api/config/proxies", "anything", null);
      assertThat(off.statusCode()).isEqualTo(403);
      assertThat(off.body()).contains("AUTH_TOKEN");
    }
  }
}
