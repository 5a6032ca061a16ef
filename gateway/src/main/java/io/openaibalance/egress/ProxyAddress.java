package io.openaibalance.egress;

import io.openaibalance.secret.Secret;
import io.vertx.core.net.ProxyType;
import io.vertx.core.net.ProxyOptions;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One outbound proxy from {@code PROXIES}, such as {@code socks5://user:pa%40ss@10.0.0.7:1080},
 * validated once into an immutable value.
 *
 * <p>The password is a {@link Secret}: {@link #toString()}, {@link #masked()} and every parse error
 * show {@code ***} in its place, and {@link #id()} does not depend on it, so rotating a proxy's
 * password keeps its keys where they are.
 *
 * <p>The parser is written by hand rather than with {@link java.net.URI}: a {@code URI} parse
 * error quotes the whole input, password included, and {@code URI} rejects host names with
 * {@code _}. Credentials end at the last {@code @}, so an unencoded {@code @} or {@code /} in a
 * password is still read as the user meant; percent-escapes in credentials are decoded.
 */
public final class ProxyAddress {
  private static final String EXPECTED_FORM = "scheme://[user:password@]host[:port]";
  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");
  private static final int SOCKS5_MAX_CREDENTIAL_BYTES = 255; // RFC 1929: one length octet.

  private final ProxyScheme scheme;
  private final String host;
  private final int port;
  private final Credentials credentials; // null when the URL has none
  private final String id;
  private final long idBits;

  private record Credentials(String username, Secret password) {}

  private ProxyAddress(ProxyScheme scheme, String host, int port, Credentials credentials) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.credentials = credentials;
    String identity = scheme.text() + "://"
        + (credentials == null ? "" : encode(credentials.username()) + "@")
        + hostForUrl() + ":" + port;
    byte[] digest = Secret.sha256(identity.getBytes(StandardCharsets.UTF_8));
    this.id = HexFormat.of().formatHex(digest, 0, 8);
    this.idBits = Long.parseUnsignedLong(id, 16);
  }

  /**
   * Parses one proxy URL: {@code http}, {@code https}, {@code socks5} or {@code socks5h}, with
   * optional percent-encoded {@code user:password@} and a port that defaults per scheme (80, 443,
   * 1080, 1080). A trailing {@code /} is allowed; any other path, a query or a fragment is not.
   *
   * @throws IllegalArgumentException naming the (masked) URL and what is wrong; the message never
   *     contains the password
   */
  public static ProxyAddress parse(String url) {
    Objects.requireNonNull(url, "url");
    String raw = url.strip();
    if (raw.isEmpty()) {
      throw new IllegalArgumentException("proxy URL is empty (expected " + EXPECTED_FORM + ")");
    }
    int separator = raw.indexOf("://");
    if (separator < 0) {
      throw invalid(raw, "no scheme (expected " + EXPECTED_FORM
          + " with scheme http, https, socks5 or socks5h)");
    }
    String schemeText = raw.substring(0, separator);
    ProxyScheme scheme = ProxyScheme.fromText(schemeText).orElseThrow(() -> invalid(raw,
        "unsupported scheme \"" + schemeText + "\" (expected http, https, socks5 or socks5h)"));
    String rest = raw.substring(separator + 3);
    int at = rest.lastIndexOf('@');
    Credentials credentials = at < 0 ? null : credentials(raw, scheme, rest.substring(0, at));
    String hostAndPort = rest.substring(at + 1);
    int end = firstIndexOfAny(hostAndPort, "/?#");
    String tail = hostAndPort.substring(end);
    if (!tail.isEmpty() && !tail.equals("/")) {
      throw invalid(raw, "has a path, query or fragment (expected nothing after host[:port])");
    }
    return hostAndPort(raw, scheme, hostAndPort.substring(0, end), credentials);
  }

  private static Credentials credentials(String raw, ProxyScheme scheme, String userInfo) {
    int colon = userInfo.indexOf(':');
    if (colon < 0) {
      throw invalid(raw, "credentials without a password (expected user:password@)");
    }
    String username = decode(raw, userInfo.substring(0, colon), "user name");
    String password = decode(raw, userInfo.substring(colon + 1), "password");
    if (username.isEmpty()) {
      throw invalid(raw, "user name is empty (expected user:password@)");
    }
    if (password.isBlank()) {
      throw invalid(raw, "password is empty (expected user:password@)");
    }
    if (scheme.type() == ProxyType.SOCKS5) {
      requireSocksLength(raw, username, "user name");
      requireSocksLength(raw, password, "password");
    }
    return new Credentials(username, Secret.of(password));
  }

  private static ProxyAddress hostAndPort(
      String raw, ProxyScheme scheme, String authority, Credentials credentials) {
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw invalid(raw, "IPv6 address without a closing ']'");
      }
      host = authority.substring(1, close);
      String after = authority.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw invalid(raw, "unexpected text after the IPv6 address (expected [address]:port)");
      }
      portText = after.isEmpty() ? null : after.substring(1);
      if (!host.contains(":") || !IPV6.matcher(host).matches()) {
        throw invalid(raw, "\"" + host + "\" is not an IPv6 address");
      }
    } else {
      int colon = authority.indexOf(':');
      if (colon != authority.lastIndexOf(':')) {
        throw invalid(raw, "an IPv6 address must be in brackets (expected [address]:port)");
      }
      host = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? null : authority.substring(colon + 1);
      if (host.isEmpty()) {
        throw invalid(raw, "host is missing (expected " + EXPECTED_FORM + ")");
      }
      if (!HOST_NAME.matcher(host).matches()) {
        throw invalid(raw, "\"" + host + "\" is not a valid host name or IPv4 address");
      }
    }
    int port = portText == null ? scheme.defaultPort() : port(raw, portText);
    return new ProxyAddress(scheme, host.toLowerCase(Locale.ROOT), port, credentials);
  }

  private static int port(String raw, String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid(raw, "port \"" + text + "\" is not a number (expected 1 to 65535)");
    }
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw invalid(raw, "port " + port + " is out of range (expected 1 to 65535)");
    }
    return port;
  }

  private static String decode(String raw, String encoded, String what) {
    try {
      // URLDecoder is for forms and turns '+' into a space; in a URL's user info '+' is itself.
      return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // Not chained: URLDecoder's message quotes the text being decoded, i.e. the password.
      throw invalid(raw, what + " has a malformed %-escape (expected %XX; write '%' as %25)");
    }
  }

  private static void requireSocksLength(String raw, String value, String what) {
    if (value.getBytes(StandardCharsets.UTF_8).length > SOCKS5_MAX_CREDENTIAL_BYTES) {
      throw invalid(raw, what + " is longer than " + SOCKS5_MAX_CREDENTIAL_BYTES
          + " bytes (the most SOCKS5 allows)");
    }
  }

  private static int firstIndexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  private static IllegalArgumentException invalid(String raw, String problem) {
    return new IllegalArgumentException("proxy URL \"" + maskRaw(raw) + "\": " + problem);
  }

  /**
   * Hides the password of text that may not parse, by the same rule the parser reads it. Without a
   * {@code :} the whole user info is hidden: a lone token before {@code @} may be the credential.
   */
  static String maskRaw(String raw) {
    int separator = raw.indexOf("://");
    int start = separator < 0 ? 0 : separator + 3;
    int at = raw.lastIndexOf('@');
    if (at < start) {
      return raw;
    }
    int colon = raw.indexOf(':', start);
    int hideFrom = colon < 0 || colon > at ? start : colon + 1;
    return raw.substring(0, hideFrom) + "***" + raw.substring(at);
  }

  public ProxyScheme scheme() {
    return scheme;
  }

  /** Lower-cased host name or IP address; an IPv6 address without brackets. */
  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The decoded user name, when the URL has credentials. */
  public Optional<String> username() {
    return Optional.ofNullable(credentials).map(Credentials::username);
  }

  /** The decoded password, present exactly when {@link #username()} is. */
  public Optional<Secret> password() {
    return Optional.ofNullable(credentials).map(Credentials::password);
  }

  /**
   * A stable id, the same on every instance and after restarts: the first 16 hex digits of the
   * SHA-256 of {@code scheme://user@host:port}. It leaves out the password on purpose, so the id
   * can be logged and a password change does not rebind keys.
   */
  public String id() {
    return id;
  }

  /** {@link #id()} as the 64-bit number it spells, for {@link ProxyBinding}. */
  long idBits() {
    return idBits;
  }

  /**
   * The URL with its password in clear, for saving the {@code PROXIES} setting (which is stored
   * sealed) and nothing else: never log or show it.
   */
  public String revealedUrl() {
    String userInfo = credentials == null ? "" : encode(credentials.username()) + ":"
        + encode(credentials.password().reveal()) + "@";
    return scheme.text() + "://" + userInfo + hostForUrl() + ":" + port;
  }

  /** {@code socks5://user:***@host:1080}: the URL with the port made explicit and no password. */
  public String masked() {
    String userInfo = credentials == null ? "" : encode(credentials.username()) + ":***@";
    return scheme.text() + "://" + userInfo + hostForUrl() + ":" + port;
  }

  /**
   * Fresh Vert.x proxy options (HTTP or SOCKS5, with credentials when present) for a client or a
   * single request; the connect timeout is left to the caller.
   */
  public ProxyOptions toProxyOptions() {
    ProxyOptions options = new ProxyOptions().setType(scheme.type()).setHost(host).setPort(port);
    if (credentials != null) {
      options.setUsername(credentials.username()).setPassword(credentials.password().reveal());
    }
    return options;
  }

  private String hostForUrl() {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProxyAddress that
        && scheme == that.scheme
        && host.equals(that.host)
        && port == that.port
        && Objects.equals(credentials, that.credentials);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scheme, host, port, username());
  }

  @Override
  public String toString() {
    return masked();
  }
}
