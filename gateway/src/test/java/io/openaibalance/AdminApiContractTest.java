package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.secret.Secret;
import io.openaibalance.store.Dialect;
import io.openaibalance.store.Persistence;
import io.openaibalance.store.TestDatabases;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API as a whole, read from its own OpenAPI document: every route the server has is
 * documented and every documented route exists; every route but login and the document refuses a
 * caller without the admin token or session, including one with a client token; and no response
 * of any read route carries a full key, token or password, even after an upstream echoed a key.
 */
class AdminApiContractTest {
  private static final String ADMIN = "admin-token-for-contract-0001";
  private static final String ENV_KEY = "sk-contract-env-key-000000001";
  private static final String REVOKED = "sk-contract-revoked-key-0000002";
  private static final String ADDED = "sk-contract-added-key-00000003";
  private static final String MODEL_KEY = "sk-contract-model-key-00000004";
  private static final String PROXY_PASSWORD = "proxy-secret-pass-55";
  private static final String HEADER_SECRET = "header-secret-value-66";
  private static final Set<String> PUBLIC = Set.of("POST /api/auth/login", "GET /api/openapi.json");

  @TempDir
  Path dir;

  @Test
  void everyRouteIsDocumentedGuardedAndFreeOfSecrets() throws Exception {
    try (Persistence persistence = Persistence.open(
            TestDatabases.create(Dialect.SQLITE, dir).config(), TestDatabases.BOX,
            Clock.systemUTC());
        RunningApplication running = new RunningApplication()) {
      running.upstream.overrideKey(REVOKED, "status=401");
      running.start(dir, "BASE_URL={upstream}\nAUTH_TOKEN=" + ADMIN + "\nAPI_KEYS=" + REVOKED + ","
          + ENV_KEY + "\nMODEL_REQUEST_KEY=" + MODEL_KEY
          + "\nCUSTOM_HEADERS={\"x-api-secret\":\"" + HEADER_SECRET + "\"}"
          + "\nPROXIES=socks5://user:" + PROXY_PASSWORD + "@127.0.0.1:9\nPROXY_DIRECT_FALLBACK=true"
          + "\nPROXY_MAX_FAILURES=1\nPROXY_CHECK_TIMEOUT=2",
          persistence, Clock.systemUTC());

      HttpResponse<String> document = running.send("GET", "/api/openapi.json", null, null);
      assertThat(document.statusCode()).isEqualTo(200);
      JsonObject paths = new JsonObject(document.body()).getJsonObject("paths");
      Set<String> documented = new TreeSet<>();
      paths.forEach(path -> ((JsonObject) path.getValue()).fieldNames().forEach(method ->
          documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

      Set<String> served = new TreeSet<>();
      for (Route route : running.app().gateway().admin().router().getRoutes()) {
        String path = route.getPath();
        if (path == null || !path.startsWith("/api/") || path.endsWith("/") || route.methods() == null) {
          continue; // body handler, authentication, the 404 fallback
        }
        for (HttpMethod method : route.methods()) {
          served.add(method.name() + " " + path.replaceAll(":(\\w+)", "{$1}"));
        }
      }
      assertThat(served).as("routes served vs documented").isEqualTo(documented);

      // Traffic first, so the logs and statistics have rows: the revoked key's 401 echoes it.
      // The proxy goes nowhere: once a check disables it, traffic falls back to direct.
      List<String> bodies = new ArrayList<>();
      bodies.add(running.send("POST", "/api/config/proxy/check-all", ADMIN, null).body());
      running.send("POST", "/api/keys", ADMIN, new JsonObject().put("key", ADDED).encode());
      for (int i = 0; i < 3; i++) {
        assertThat(running.chat()).isEqualTo(200);
      }
      Await.until("the failed attempts in the error log", Duration.ofSeconds(10), () ->
          new JsonObject(running.send("GET", "/api/logs/errors", ADMIN, null).body())
              .getLong("total") > 0);
      long errorId = new JsonObject(running.send("GET", "/api/logs/errors", ADMIN, null).body())
          .getJsonArray("entries").getJsonObject(0).getLong("id");

      for (String operation : documented) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1)
            .replace("{provider}", "default").replace("{name}", "default")
            .replace("{keyId}", Secret.of(ENV_KEY).id()).replace("{id}", Long.toString(errorId));
        if (PUBLIC.contains(operation)) {
          continue;
        }
        for (String caller : new String[] {null, "t-1", "not-the-token"}) {
          HttpResponse<String> refused = running.send(method, path, caller, "{}");
          assertThat(refused.statusCode()).as(operation + " as " + caller).isEqualTo(401);
          assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("type"))
              .isNotBlank();
        }
        if (method.equals("GET")) {
          HttpResponse<String> read = running.send(method, path, ADMIN, null);
          assertThat(read.statusCode()).as(operation + ": " + read.body()).isLessThan(500);
          bodies.add(operation + " -> " + read.body());
        }
      }
      bodies.add(running.send("POST", "/api/keys/verify", ADMIN, new JsonObject()
          .put("key_ids", List.of(Secret.of(REVOKED).id(), Secret.of(ENV_KEY).id())).encode())
          .body());
      assertThat(bodies).hasSizeGreaterThan(15);
      for (String body : bodies) {
        for (String secret : List.of(ENV_KEY, REVOKED, ADDED, MODEL_KEY, ADMIN, PROXY_PASSWORD,
            HEADER_SECRET)) {
          assertThat(body).as("a response holds a secret").doesNotContain(secret);
        }
      }
      assertThat(String.join("\n", bodies)).contains(Secret.of(REVOKED).masked());
    }
  }
}
