package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin pages as plain HTTP sees them: only an admin session opens them (a client token never
 * does), every response carries the strict security headers, and nothing served contains a key or
 * token the configuration holds.
 */
class AdminPagesTest {
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none';"
      + " form-action 'self'";
  private static final List<String> PAGES = List.of("/keys", "/config", "/logs");
  private static final Pattern REFERENCE =
      Pattern.compile("(?:src|href)=\"(/ui/[^\"]+)\"|from '\\./([a-z-]+\\.js)'");

  @TempDir
  static Path dir;
  private static AdminUiFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = new AdminUiFixture(dir);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void pagesRedirectToTheLoginWithoutAnAdminSessionAndClientTokensNeverOpenThem() {
    for (String page : PAGES) {
      assertRedirect(fixture.get(page), "/");
      assertRedirect(fixture.get(page, "Authorization", "Bearer " + AdminUiFixture.CLIENT), "/");
      assertRedirect(fixture.get(page, "Cookie", "ob_admin=" + AdminUiFixture.CLIENT), "/");
      assertRedirect(fixture.get(page, "Cookie", "ob_admin=forged-session-id"), "/");
    }
    HttpResponse<String> login = fixture.get("/");
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.body()).contains("id=\"login-form\"");
    assertThat(fixture.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(fixture.url("/api/auth/login")))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "{\"token\":\"" + AdminUiFixture.CLIENT + "\"}")).build()).statusCode())
        .as("a client token is no admin login").isEqualTo(401);

    String cookie = fixture.loginCookie();
    for (String page : PAGES) {
      HttpResponse<String> opened = fixture.get(page, "Cookie", cookie);
      assertThat(opened.statusCode()).as(page).isEqualTo(200);
      assertThat(opened.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    }
    assertRedirect(fixture.get("/", "Cookie", cookie), "/keys");
    for (String relayed : List.of("/v1/models", "/hf/v1/models", "/bulk/v1/models")) {
      assertThat(fixture.get(relayed, "Authorization", "Bearer " + AdminUiFixture.CLIENT)
          .statusCode()).as(relayed + " is still relayed").isEqualTo(200);
    }
    assertThat(fixture.get("/keys/v1/models", "Authorization", "Bearer " + AdminUiFixture.CLIENT)
        .statusCode()).as("a page's name is no provider").isEqualTo(404);
  }

  @Test
  void everyPageAndAssetCarriesTheSecurityHeadersAndNoInlineCode() {
    String cookie = fixture.loginCookie();
    for (String path : crawl(cookie)) {
      HttpResponse<String> response = fetch(path, cookie);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      assertThat(response.headers().firstValue("content-security-policy")).as(path).hasValue(CSP);
      assertThat(response.headers().firstValue("x-content-type-options")).as(path)
          .hasValue("nosniff");
      assertThat(response.headers().firstValue("referrer-policy")).as(path)
          .hasValue("no-referrer");
      assertThat(response.headers().firstValue("cache-control")).as(path).isPresent();
      if (path.endsWith(".js")) {
        assertThat(response.headers().firstValue("content-type")).as(path)
            .hasValue("text/javascript; charset=utf-8");
        assertThat(response.body()).as(path).doesNotContain("innerHTML", "eval(");
      }
      if (!path.startsWith("/ui/")) {
        assertThat(response.body()).as(path + " has no inline script or style")
            .doesNotContainPattern("<script(?![^>]*\\ssrc=)")
            .doesNotContainPattern("\\sstyle=").doesNotContain("<style")
            .doesNotContainPattern("\\son[a-z]+=");
      }
    }
    for (String page : PAGES) {
      assertThat(fixture.get(page).headers().firstValue("content-security-policy"))
          .as("the redirect of " + page).hasValue(CSP);
    }
    HttpResponse<String> asset = fixture.get("/ui/keys.js");
    String etag = asset.headers().firstValue("etag").orElseThrow();
    assertThat(fixture.get("/ui/keys.js", "If-None-Match", etag).statusCode()).isEqualTo(304);
    assertThat(fixture.get("/ui/missing.js").statusCode()).isEqualTo(404);
  }

  @Test
  void noPageOrAssetContainsAConfiguredKeyOrToken() {
    String cookie = fixture.loginCookie();
    Set<String> paths = crawl(cookie);
    assertThat(paths).contains("/", "/keys", "/ui/app.css", "/ui/keys.js", "/ui/key-actions.js",
        "/ui/chart.js", "/ui/providers.js", "/ui/proxies.js");
    for (String path : paths) {
      String body = fetch(path, cookie).body();
      for (String secret : AdminUiFixture.SECRETS) {
        assertThat(body).as(path).doesNotContain(secret);
      }
    }
  }

  /** The pages and every asset they refer to, following module imports. */
  private static Set<String> crawl(String cookie) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> next = new ArrayDeque<>(List.of("/", "/keys", "/config", "/logs"));
    while (!next.isEmpty()) {
      String path = next.poll();
      if (!seen.add(path)) {
        continue;
      }
      HttpResponse<String> response = fetch(path, cookie);
      Matcher matcher = REFERENCE.matcher(response.body());
      while (matcher.find()) {
        next.add(matcher.group(1) != null ? matcher.group(1) : "/ui/" + matcher.group(2));
      }
    }
    return seen;
  }

  /** A page or asset as a logged-in browser gets it; "/" is the login form, seen logged out. */
  private static HttpResponse<String> fetch(String path, String cookie) {
    return path.equals("/") ? fixture.get(path) : fixture.get(path, "Cookie", cookie);
  }

  private static void assertRedirect(HttpResponse<String> response, String location) {
    assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(302);
    assertThat(response.headers().firstValue("location")).hasValue(location);
  }
}
