package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that asks to upgrade to cleartext HTTP/2 (the JDK's HttpClient does by default) gets
 * whole, uncorrupted answers over HTTP/1.1. With h2c on, large relayed bodies came back as
 * garbage frames and large admin answers hung now and then; each round here is a fresh
 * connection, so each one asks to upgrade.
 */
class CleartextUpgradeTest {
  private static final String KEY = "sk-upgrade-key-000000001";

  @TempDir
  Path dir;

  @Test
  void upgradeRequestsGetWholeAnswersOverHttp11() throws Exception {
    try (RunningApplication running = RunningApplication.onSqlite(dir,
        "BASE_URL={upstream}\nAUTH_TOKEN=admin-token-for-upgrade-01\nAPI_KEYS=" + KEY,
        upstream -> upstream.overrideKey(KEY, "size=40000"))) {
      String base = "http://127.0.0.1:" + running.app().port();
      int documentLength = running.send("GET", "/api/openapi.json", null, null).body().length();
      assertThat(documentLength).isGreaterThan(16_384);
      for (int round = 0; round < 40; round++) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> chat = client.sendAsync(HttpRequest.newBuilder(
                URI.create(base + "/v1/chat/completions"))
            .header("Authorization", "Bearer t-1")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}"))
            .build(), HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(chat.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(chat.body().length()).isGreaterThan(40_000);

        HttpResponse<String> document = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2).build().sendAsync(HttpRequest.newBuilder(
                URI.create(base + "/api/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
        assertThat(document.body()).hasSize(documentLength);
      }
    }
  }
}
