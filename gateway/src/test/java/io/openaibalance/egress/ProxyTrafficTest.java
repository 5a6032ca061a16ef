package io.openaibalance.egress;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.openaibalance.GatewayHarness;
import io.openaibalance.mock.RecordedRequest;
import io.openaibalance.secret.Secret;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Upstream calls go through real proxies (tinyproxy over HTTP, Dante and MicroSocks over SOCKS5):
 * each key through the proxy its hash binds it to, the same after a restart; a proxy killed under
 * traffic is disabled and its keys move, losing no request within the retry budget.
 */
class ProxyTrafficTest {
  private static final String CHAT = "{\"model\":\"m\",\"messages\":[]}";
  private static final List<String> KEYS =
      IntStream.range(0, 8).mapToObj(i -> "sk-proxied-key-" + i).toList();

  @TempDir
  Path dir;

  /** Which key went through tinyproxy: tinyproxy adds a Via header, SOCKS5 proxies add nothing. */
  private static Map<String, Boolean> viaHttpProxyByKey(List<RecordedRequest> requests) {
    Map<String, Boolean> byKey = new HashMap<>();
    for (RecordedRequest request : requests) {
      String via = request.header("via");
      byKey.merge(request.key(), via != null && via.contains("tinyproxy"), (a, b) -> {
        assertThat(a).as("key " + request.key() + " always takes the same proxy").isEqualTo(b);
        return a;
      });
    }
    return byKey;
  }

  /**
   * Sends requests until every key has reached the upstream: a proxy that drops one connection
   * makes the gateway retry on the next key (as it should), so a fixed count could miss a key.
   */
  private static Map<String, Boolean> everyKeyOnce(GatewayHarness harness) {
    for (int i = 0; i < KEYS.size() * 8; i++) {
      var answer = harness.postJson("/v1/chat/completions", CHAT);
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      if (viaHttpProxyByKey(harness.upstream.requests()).size() == KEYS.size()) {
        break;
      }
    }
    return viaHttpProxyByKey(harness.upstream.requests());
  }

  @Test
  void eachKeyGoesThroughItsBoundProxyWithCredentialsAndTheSameAfterARestart() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    try (ProxyServers.Server http = ProxyServers.httpProxyWithBasicAuth(dir);
        ProxyServers.Server socks = ProxyServers.socks5ProxyWithPassword(dir)) {
      Map<String, String> env = Map.of("API_KEYS", String.join(",", KEYS),
          "PROXIES", http.url() + "," + socks.url());
      Map<String, Boolean> first;
      try (GatewayHarness harness = GatewayHarness.start(env)) {
        first = everyKeyOnce(harness);
      }
      assertThat(first).hasSize(KEYS.size()).containsValue(true).containsValue(false);
      for (String key : KEYS) {
        ProxyAddress bound = ProxyBinding.choose(Secret.of(key).id(),
            List.of(http.address(), socks.address())).orElseThrow();
        assertThat(first.get(key)).as(key).isEqualTo(bound.equals(http.address()));
      }
      try (GatewayHarness restarted = GatewayHarness.start(env)) {
        assertThat(everyKeyOnce(restarted)).isEqualTo(first);
      }
      String httpPassword = http.address().password().orElseThrow().reveal();
      String socksPassword = socks.address().password().orElseThrow().reveal();
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(line -> line.contains(httpPassword) || line.contains(socksPassword));
    } finally {
      root.detachAppender(logs);
    }
  }

  @Test
  void aProxyKilledUnderTrafficIsDisabledAndItsKeysMoveWithoutALostRequest() {
    try (ProxyServers.Server http = ProxyServers.httpProxy(dir);
        ProxyServers.Server socks = ProxyServers.socks5Proxy(dir);
        GatewayHarness harness = GatewayHarness.start(Map.of("API_KEYS", String.join(",", KEYS),
            "PROXIES", http.url() + "," + socks.url(), "PROXY_MAX_FAILURES", "1",
            "MAX_RETRIES", "3"))) {
      assertThat(everyKeyOnce(harness)).containsValue(true);

      http.kill();
      harness.upstream.clearRequests();
      List<Integer> statuses = IntStream.range(0, KEYS.size() * 2)
          .mapToObj(i -> harness.postJson("/v1/chat/completions", CHAT).statusCode())
          .collect(Collectors.toList());

      assertThat(statuses).as("every request answered within the retry budget").containsOnly(200);
      LiveProxy dead = harness.gateway.snapshot().providers().defaultProvider().proxies()
          .proxies().stream().filter(p -> p.address().equals(http.address())).findFirst()
          .orElseThrow();
      assertThat(dead.health().disabled()).isTrue();
      assertThat(dead.health().lastError()).contains("connection refused");
      assertThat(viaHttpProxyByKey(harness.upstream.requests()))
          .as("every key now goes through the SOCKS5 proxy").hasSize(KEYS.size())
          .doesNotContainValue(true);
    }
  }

  @Test
  void withEveryProxyDownRequestsFailWithA502UnlessDirectFallbackIsAllowed() {
    try (ProxyServers.Server http = ProxyServers.httpProxy(dir)) {
      http.kill();
      try (GatewayHarness strict = GatewayHarness.start(Map.of("API_KEYS", "sk-a,sk-b",
          "PROXIES", http.url(), "PROXY_MAX_FAILURES", "1"))) {
        assertThat(strict.postJson("/v1/chat/completions", CHAT).statusCode()).isEqualTo(502);
        var answer = strict.postJson("/v1/chat/completions", CHAT);
        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("no_healthy_proxy").contains("PROXY_DIRECT_FALLBACK");
        assertThat(strict.upstream.requests()).as("nothing went direct").isEmpty();
      }
      try (GatewayHarness lenient = GatewayHarness.start(Map.of("API_KEYS", "sk-a,sk-b",
          "PROXIES", http.url(), "PROXY_MAX_FAILURES", "1",
          "PROXY_DIRECT_FALLBACK", "true"))) {
        assertThat(lenient.postJson("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
        assertThat(lenient.upstream.requests()).hasSize(1);
      }
    }
  }

  @Test
  void aProviderWithItsOwnProxiesUsesThemWhileTheOthersGoDirect() {
    try (ProxyServers.Server http = ProxyServers.httpProxy(dir);
        GatewayHarness harness = GatewayHarness.start(Map.of("API_KEYS", "sk-default-0001",
            "PROVIDERS_CONFIG", "[{\"name\":\"extra\",\"base_url\":\"{upstream}\","
                + "\"api_keys\":[\"sk-extra-0002\"],\"proxies\":[\"" + http.url() + "\"]}]"))) {
      assertThat(harness.postJson("/v1/chat/completions", CHAT).statusCode()).isEqualTo(200);
      assertThat(harness.postJson("/extra/v1/chat/completions", CHAT).statusCode())
          .isEqualTo(200);

      assertThat(viaHttpProxyByKey(harness.upstream.requests()))
          .containsEntry("sk-default-0001", false).containsEntry("sk-extra-0002", true);
    }
  }
}
