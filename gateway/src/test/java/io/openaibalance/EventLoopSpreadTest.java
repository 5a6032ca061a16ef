package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openaibalance.relay.ErrorRecord;
import io.openaibalance.relay.RequestRecord;
import io.openaibalance.relay.RequestRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The gateway serves its connections on every event loop, not all on one: a server created outside
 * a deployment ran everything on one thread and left the other cores idle at saturation.
 */
class EventLoopSpreadTest {
  @Test
  void newConnectionsAreServedByMoreThanOneEventLoop() throws Exception {
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "one core: one event loop");
    // The recorder hears of each finished request on the thread that relayed it.
    Set<String> relayingThreads = ConcurrentHashMap.newKeySet();
    RequestRecorder threadsOfRequests = new RequestRecorder() {
      @Override
      public void request(RequestRecord record) {
        relayingThreads.add(Thread.currentThread().getName());
      }

      @Override
      public void error(ErrorRecord record) {}
    };
    try (GatewayHarness harness = GatewayHarness.start(Map.of("API_KEYS", "sk-spread-1"), threadsOfRequests)) {
      for (int i = 0; i < 8; i++) {
        // A client of its own each time: a new connection, handed to the next event loop.
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(harness.url("/v1/chat/completions")))
            .header("Authorization", "Bearer " + GatewayHarness.CLIENT_TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[]}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      }
    }

    assertThat(relayingThreads).hasSizeGreaterThan(1)
        .allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
  }
}
