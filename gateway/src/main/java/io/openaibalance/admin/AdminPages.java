package io.openaibalance.admin;

import io.openaibalance.secret.Secret;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The admin web pages: the login form at {@code /}, the keys, settings and logs pages, and their
 * assets under {@code /ui/}. Everything is read from the jar once at start and served from
 * memory, so the UI needs no network, no build step and no file system. A page is only served to
 * a browser logged in through the API's own sessions ({@link AdminAuth}); every response forbids
 * inline scripts and styles, framing and sniffing, so text the pages insert can never run.
 */
public final class AdminPages {
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self';"
      + " style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none';"
      + " base-uri 'none'; form-action 'self'";
  /** The pages behind the login, by path; each is {@code admin-ui/<name>.html}. */
  static final List<String> PAGES = List.of("keys", "config", "logs");
  /** The files under {@code /ui/}; a test fetches every one a page or module refers to. */
  static final List<String> ASSETS = List.of("app.css", "favicon.svg", "api.js", "dom.js",
      "shell.js", "chart.js", "login.js", "keys.js", "key-actions.js", "config.js",
      "providers.js", "proxies.js", "logs.js");
  private static final String ROOT = "admin-ui/";

  private final Buffer login;
  private final Map<String, Buffer> pages = new LinkedHashMap<>();
  private final Map<String, Asset> assets = new LinkedHashMap<>();

  /** An asset with its content type and a validator, so browsers revalidate cheaply. */
  private record Asset(Buffer body, String contentType, String etag) {}

  /** @throws UncheckedIOException when a page or asset is missing from the jar */
  public AdminPages() {
    login = Buffer.buffer(read(ROOT + "login.html"));
    PAGES.forEach(name -> pages.put(name, Buffer.buffer(read(ROOT + name + ".html"))));
    for (String name : ASSETS) {
      byte[] bytes = read(ROOT + "ui/" + name);
      String etag = "\"" + HexFormat.of().formatHex(Secret.sha256(bytes), 0, 8) + "\"";
      assets.put(name, new Asset(Buffer.buffer(bytes), contentType(name), etag));
    }
  }

  /** Adds the pages to the admin router, beside (not behind) the API's authentication. */
  public void mount(AdminApi admin) {
    Router router = admin.router();
    AdminAuth auth = admin.auth();
    router.get("/").handler(context -> {
      if (auth.signedIn(context.request())) {
        redirect(context, "/keys");
      } else {
        page(context, login);
      }
    });
    pages.forEach((name, body) -> router.get("/" + name).handler(context -> {
      if (auth.signedIn(context.request())) {
        page(context, body);
      } else {
        redirect(context, "/");
      }
    }));
    router.get("/ui/:name").handler(this::asset);
  }

  private void asset(RoutingContext context) {
    Asset asset = assets.get(context.pathParam("name"));
    HttpServerResponse response = secured(context.response());
    if (asset == null) {
      response.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end("Not found");
      return;
    }
    // Revalidated on every use (a 304 costs no body), so an upgrade shows at the next load.
    response.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").putHeader(HttpHeaders.ETAG,
        asset.etag());
    if (asset.etag().equals(context.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType()).end(asset.body());
  }

  private static void page(RoutingContext context, Buffer body) {
    // Pages are never stored: after logout, Back must not show one from the cache.
    secured(context.response()).putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(body);
  }

  private static void redirect(RoutingContext context, String location) {
    secured(context.response()).setStatusCode(302).putHeader(HttpHeaders.LOCATION, location)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
  }

  private static HttpServerResponse secured(HttpServerResponse response) {
    return response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
  }

  private static String contentType(String name) {
    String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (extension) {
      case "js" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "svg" -> "image/svg+xml";
      default -> throw new IllegalArgumentException("no content type for " + name);
    };
  }

  private static byte[] read(String resource) {
    try (InputStream in = AdminPages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException(resource + " is missing from the jar"));
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
