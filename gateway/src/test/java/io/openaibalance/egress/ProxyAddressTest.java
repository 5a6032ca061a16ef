package io.openaibalance.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openaibalance.secret.Secret;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyAddressTest {

  @ParameterizedTest
  @CsvSource({
      "http://proxy.example:3128,     HTTP,    proxy.example, 3128",
      "http://proxy.example,          HTTP,    proxy.example, 80",
      "https://proxy.example,         HTTPS,   proxy.example, 443",
      "https://proxy.example:8443/,   HTTPS,   proxy.example, 8443",
      "socks5://10.0.0.7,             SOCKS5,  10.0.0.7,      1080",
      "socks5h://10.0.0.7:9050,       SOCKS5H, 10.0.0.7,      9050",
      "SOCKS5://Proxy.Example:1,      SOCKS5,  proxy.example, 1",
      "http://[::1]:8080,             HTTP,    ::1,           8080",
      "socks5://[fe80::1%eth0],       SOCKS5,  fe80::1%eth0,  1080",
      "http://my_proxy:65535,         HTTP,    my_proxy,      65535",
  })
  void parsesEverySchemeWithItsDefaultPort(
      String url, ProxyScheme scheme, String host, int port) {
    ProxyAddress address = ProxyAddress.parse(url);

    assertThat(address.scheme()).isEqualTo(scheme);
    assertThat(address.host()).isEqualTo(host);
    assertThat(address.port()).isEqualTo(port);
    assertThat(address.username()).isEmpty();
    assertThat(address.password()).isEmpty();
  }

  @Test
  void mapsSchemesToVertxProxyTypes() {
    assertThat(typeOf("http://h")).isEqualTo(ProxyType.HTTP);
    assertThat(typeOf("https://h")).isEqualTo(ProxyType.HTTP);
    assertThat(typeOf("socks5://h")).isEqualTo(ProxyType.SOCKS5);
    assertThat(typeOf("socks5h://h")).isEqualTo(ProxyType.SOCKS5);
  }

  @Test
  void givesVertxTheHostPortAndDecodedCredentials() {
    ProxyOptions options = ProxyAddress
        .parse("socks5h://us%3Aer:p%40ss%2Fw+rd%25@[2001:db8::7]:1081").toProxyOptions();

    assertThat(options.getHost()).isEqualTo("2001:db8::7");
    assertThat(options.getPort()).isEqualTo(1081);
    assertThat(options.getUsername()).isEqualTo("us:er");
    assertThat(options.getPassword()).isEqualTo("p@ss/w+rd%");
  }

  @Test
  void leavesCredentialsOutOfVertxOptionsWhenThereAreNone() {
    ProxyOptions options = ProxyAddress.parse("http://proxy:3128").toProxyOptions();

    assertThat(options.getUsername()).isNull();
    assertThat(options.getPassword()).isNull();
  }

  @Test
  void decodesPercentEncodedCredentials() {
    ProxyAddress address = ProxyAddress.parse("http://j%C3%BCrgen%20m:%E2%82%ACuro%3A1@proxy:8080");

    assertThat(address.username()).contains("jürgen m");
    assertThat(address.password().map(Secret::reveal)).contains("€uro:1");
  }

  @Test
  void readsCredentialsUpToTheLastAtSignSoUnencodedPasswordsStillWork() {
    ProxyAddress address = ProxyAddress.parse("socks5://bob:p@ss/w#rd@proxy:1080");

    assertThat(address.username()).contains("bob");
    assertThat(address.password().map(Secret::reveal)).contains("p@ss/w#rd");
    assertThat(address.host()).isEqualTo("proxy");
  }

  @Test
  void masksThePasswordInEveryTextForm() {
    ProxyAddress address = ProxyAddress.parse("socks5://user:hunter2@host");

    assertThat(address.masked()).isEqualTo("socks5://user:***@host:1080");
    assertThat(address.toString()).isEqualTo("socks5://user:***@host:1080");
    assertThat(address.password().orElseThrow().toString()).doesNotContain("hunter2");
    assertThat(ProxyAddress.parse("http://[::1]").masked()).isEqualTo("http://[::1]:80");
    assertThat(ProxyAddress.parse("http://a%20b:x@h:1").masked()).isEqualTo("http://a%20b:***@h:1");
  }

  @Test
  void idIsStableAndIgnoresThePassword() {
    ProxyAddress first = ProxyAddress.parse("socks5://user:one@host:1080");
    ProxyAddress rotated = ProxyAddress.parse("socks5://user:two@HOST");

    assertThat(first.id()).isEqualTo(rotated.id()).hasSize(16).matches("[0-9a-f]{16}");
    // Pinned: the id feeds the key-to-proxy binding, which must not change between versions.
    assertThat(first.id()).isEqualTo("17efebe5ac18a88c");
    assertThat(ProxyAddress.parse("http://proxy:3128").id())
        .isEqualTo(sha256Prefix("http://proxy:3128"));
    assertThat(first).isNotEqualTo(rotated);
  }

  @Test
  void idTellsApartSchemeHostPortAndUser() {
    assertThat(ProxyAddress.parse("socks5://h:1").id())
        .isNotEqualTo(ProxyAddress.parse("socks5h://h:1").id())
        .isNotEqualTo(ProxyAddress.parse("socks5://g:1").id())
        .isNotEqualTo(ProxyAddress.parse("socks5://h:2").id())
        .isNotEqualTo(ProxyAddress.parse("socks5://u:p@h:1").id());
  }

  @Test
  void equalAddressesAreEqual() {
    assertThat(ProxyAddress.parse("http://u:p@Proxy:80/"))
        .isEqualTo(ProxyAddress.parse("http://u:p@proxy"))
        .hasSameHashCodeAs(ProxyAddress.parse("http://u:p@proxy"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                               | proxy URL is empty",
      "proxy:3128                       | no scheme",
      "ftp://proxy                      | unsupported scheme \"ftp\"",
      "socks4://proxy                   | unsupported scheme \"socks4\"",
      "http://                          | host is missing",
      "http://:3128                     | host is missing",
      "http://proxy:                    | port \"\" is not a number",
      "http://proxy:abc                 | port \"abc\" is not a number",
      "http://proxy:0                   | port 0 is out of range",
      "http://proxy:65536               | port 65536 is out of range",
      "http://proxy/path                | has a path, query or fragment",
      "http://proxy?x=1                 | has a path, query or fragment",
      "http://::1:80                    | IPv6 address must be in brackets",
      "http://[::1                      | without a closing ']'",
      "http://[zz::1]                   | is not an IPv6 address",
      "http://[::1]x                    | unexpected text after the IPv6 address",
      "http://pro xy                    | is not a valid host name",
      "http://user@proxy                | credentials without a password",
      "http://:pw@proxy                 | user name is empty",
      "http://user:@proxy               | password is empty",
  })
  void rejectsBadInputNamingTheProblem(String url, String problem) {
    assertThatThrownBy(() -> ProxyAddress.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "ftp://alice:Sup3rSecret@proxy",
      "http://alice:Sup3rSecret@proxy:99999",
      "http://alice:Sup3rSecret@proxy/path",
      "http://alice:Sup3rSecret%zz@proxy",
      "http://alice:Sup3rSecret@::1:80",
      "http://alice:Sup3rSecret@",
      "alice:Sup3rSecret@proxy:1080",
      "http://alice:Sup3rSecret/with/slashes@proxy/x",
  })
  void errorMessagesNeverContainThePassword(String url) {
    assertThatThrownBy(() -> ProxyAddress.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasNoCause()
        .hasMessageContaining("alice:***@")
        .message().doesNotContain("Sup3rSecret");
  }

  @Test
  void hidesALoneTokenBeforeTheAtSignInErrors() {
    assertThatThrownBy(() -> ProxyAddress.parse("http://t0kenValue@proxy"))
        .hasMessage("proxy URL \"http://***@proxy\": credentials without a password"
            + " (expected user:password@)");
  }

  @Test
  void rejectsSocksCredentialsLongerThanTheProtocolAllows() {
    String longName = "u".repeat(256);

    assertThatThrownBy(() -> ProxyAddress.parse("socks5://" + longName + ":pw@proxy"))
        .hasMessageContaining("user name is longer than 255 bytes");
    assertThat(ProxyAddress.parse("http://" + longName + ":pw@proxy").username())
        .contains(longName);
  }

  private static ProxyType typeOf(String url) {
    return ProxyAddress.parse(url).toProxyOptions().getType();
  }

  private static String sha256Prefix(String text) {
    return HexFormat.of().formatHex(Secret.sha256(text.getBytes(StandardCharsets.UTF_8)))
        .substring(0, 16);
  }
}
