package io.openaibalance.admin;

import io.openaibalance.relay.RelaySnapshot;
import io.openaibalance.secret.Secret;
import io.openaibalance.web.ApiError;
import io.openaibalance.web.ErrorResponder;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Who may use the admin API: a script with {@code Authorization: Bearer <AUTH_TOKEN>}, or a browser
 * with the session cookie it got by logging in with that token. Tokens are compared as SHA-256
 * digests in constant time; client tokens ({@code ALLOWED_TOKENS}) are never admin tokens. A
 * browser's state-changing call must also carry {@code X-Requested-With}, which another site's
 * page cannot add: with SameSite=Strict, that keeps cross-site requests out.
 */
final class AdminAuth implements Handler<RoutingContext> {
  static final String COOKIE = "ob_admin";
  static final String CSRF_HEADER = "X-Requested-With";
  private static final String BEARER = "Bearer ";

  private final Supplier<RelaySnapshot> snapshots;
  private final AdminSessions sessions;
  private final LoginThrottle throttle;

  AdminAuth(Supplier<RelaySnapshot> snapshots, AdminSessions sessions, LoginThrottle throttle) {
    this.snapshots = snapshots;
    this.sessions = sessions;
    this.throttle = throttle;
  }

  @Override
  public void handle(RoutingContext context) {
    Optional<Secret> adminToken = snapshots.get().settings().authToken();
    if (adminToken.isEmpty()) {
      ErrorResponder.respond(context.response(), ApiError.invalidRequest(403, "admin_disabled",
          "The admin API is off: set AUTH_TOKEN to use it."));
      return;
    }
    HttpServerRequest request = context.request();
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && matches(header.substring(BEARER.length()).strip(), adminToken.get())) {
      context.next();
      return;
    }
    if (sessions.valid(sessionId(request))) {
      boolean reads = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
      if (!reads && request.getHeader(CSRF_HEADER) == null) {
        ErrorResponder.respond(context.response(), ApiError.invalidRequest(403, "csrf",
            "A change from the browser must carry the " + CSRF_HEADER + " header."));
        return;
      }
      context.next();
      return;
    }
    ErrorResponder.respond(context.response(), ApiError.unauthorized("Log in with AUTH_TOKEN"
        + " (POST /api/auth/login) or send 'Authorization: Bearer <AUTH_TOKEN>'."));
  }

  /**
   * Whether the browser sending {@code request} is logged in: what the admin pages ask before
   * serving anything but the login form.
   */
  boolean signedIn(HttpServerRequest request) {
    return snapshots.get().settings().authToken().isPresent()
        && sessions.valid(sessionId(request));
  }

  /** {@code POST /api/auth/login} with {@code {"token": "..."}}: starts a browser session. */
  void login(RoutingContext context) {
    HttpServerRequest request = context.request();
    String address = request.remoteAddress() == null ? "?" : request.remoteAddress().host();
    Optional<Duration> wait = throttle.wait(address);
    if (wait.isPresent()) {
      long seconds = Math.max(1, wait.get().toSeconds() + 1);
      context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      ErrorResponder.respond(context.response(), ApiError.invalidRequest(429, "too_many_logins",
          "Too many failed logins from this address; try again in " + seconds + " s."));
      return;
    }
    Optional<Secret> adminToken = snapshots.get().settings().authToken();
    String given;
    try {
      given = new JsonObject(context.body().asString()).getString("token", "");
    } catch (RuntimeException e) {
      given = "";
    }
    if (adminToken.isEmpty() || !matches(given.strip(), adminToken.get())) {
      throttle.failed(address);
      ErrorResponder.respond(context.response(), ApiError.unauthorized("Wrong admin token."));
      return;
    }
    throttle.succeeded(address);
    Duration lifetime = snapshots.get().settings().adminSessionExpiry();
    String id = sessions.open(lifetime);
    context.response().addCookie(cookie(request, id, lifetime.toSeconds()));
    context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("expires_in", lifetime.toSeconds()).toBuffer());
  }

  /** {@code POST /api/auth/logout}: ends the browser's session. */
  void logout(RoutingContext context) {
    sessions.close(sessionId(context.request()));
    context.response().addCookie(cookie(context.request(), "", 0));
    context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("logged_out", true).toBuffer());
  }

  private static Cookie cookie(HttpServerRequest request, String value, long maxAgeSeconds) {
    // Secure when the browser reached us over HTTPS, directly or through a proxy that says so.
    boolean https = request.isSSL()
        || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(https).setMaxAge(maxAgeSeconds);
  }

  private static Optional<String> sessionId(HttpServerRequest request) {
    Cookie cookie = request.getCookie(COOKIE);
    return cookie == null || cookie.getValue().isEmpty() ? Optional.empty()
        : Optional.of(cookie.getValue());
  }

  private static boolean matches(String given, Secret token) {
    return MessageDigest.isEqual(digest(given), digest(token.reveal()));
  }

  private static byte[] digest(String text) {
    return Secret.sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
