package io.openaibalance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.openaibalance.secret.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersConfigTest {
  @TempDir Path dir;

  private static final Map<String, String> TOP_LEVEL = Map.of(
      "API_KEYS", "sk-top-1,sk-top-2",
      "BASE_URL", "https://top.example.com/v1",
      "MODEL_REQUEST_KEY", "sk-top-models",
      "TEST_MODEL", "top-model",
      "MAX_FAILURES", "7",
      "MAX_RETRIES", "4",
      "TIME_OUT", "42",
      "CUSTOM_HEADERS", "{\"X-Top\": \"t\", \"Api-Key\": \"top\"}");

  private List<ProviderSettings> providers(String providersConfig) {
    Map<String, String> environment = new HashMap<>(TOP_LEVEL);
    environment.put("PROVIDERS_CONFIG", providersConfig);
    return SettingsLoader.load(dir, environment, Map.of()).providers();
  }

  @Test
  void anEntryWithOnlyANameInheritsTheTopLevelValuesButNotTheKeys() {
    ProviderSettings entry = providers("[{\"name\": \"extra\"}]").get(1);

    assertThat(entry).isEqualTo(new ProviderSettings("extra", "extra",
        URI.create("https://top.example.com/v1"), List.of(),
        java.util.Optional.of(Secret.of("sk-top-models")),
        Map.of("X-Top", "t", "Api-Key", "top"), Duration.ofSeconds(42), 7, 4, "top-model",
        true, java.util.Optional.empty()));
  }

  @Test
  void anEntrysOwnFieldsWin() {
    ProviderSettings entry = providers("""
        [{"name": "deepseek", "path": "ds", "base_url": "https://api.deepseek.com/v1/",
          "api_keys": ["sk-d1", "sk-d2", "sk-d1"], "model_request_key": "sk-dm",
          "timeout": 2.5, "max_failures": 1, "max_retries": "0", "test_model": "deepseek-chat",
          "enabled": false}]
        """).get(1);

    assertThat(entry.name()).isEqualTo("deepseek");
    assertThat(entry.path()).isEqualTo("ds");
    assertThat(entry.baseUrl()).isEqualTo(URI.create("https://api.deepseek.com/v1"));
    assertThat(entry.apiKeys()).containsExactly(Secret.of("sk-d1"), Secret.of("sk-d2"));
    assertThat(entry.modelRequestKey()).contains(Secret.of("sk-dm"));
    assertThat(entry.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(entry.maxFailures()).isEqualTo(1);
    assertThat(entry.maxRetries()).isZero();
    assertThat(entry.testModel()).isEqualTo("deepseek-chat");
    assertThat(entry.enabled()).isFalse();
  }

  @Test
  void anEntrysHeadersAreMergedOverTheTopLevelOnesIgnoringCase() {
    ProviderSettings entry = providers(
        "[{\"name\": \"p\", \"custom_headers\": {\"api-key\": \"mine\", \"X-Own\": \"o\"}}]")
        .get(1);

    assertThat(entry.customHeaders()).containsOnly(
        entry("X-Top", "t"), entry("api-key", "mine"), entry("X-Own", "o"));
  }

  @Test
  void nullAndBlankFieldsInheritLikeMissingOnes() {
    ProviderSettings entry = providers(
        "[{\"name\": \"p\", \"base_url\": null, \"timeout\": \"\", \"test_model\": \" \"}]")
        .get(1);

    assertThat(entry.baseUrl()).isEqualTo(URI.create("https://top.example.com/v1"));
    assertThat(entry.timeout()).isEqualTo(Duration.ofSeconds(42));
    assertThat(entry.testModel()).isEqualTo("top-model");
  }

  @Test
  void ignoresUnknownFieldsSuchAsProxies() {
    List<ProviderSettings> providers = providers(
        "[{\"name\": \"p\", \"proxies\": [\"http://x:1\"], \"weight\": 3, \"notes\": {}}]");

    assertThat(providers).extracting(ProviderSettings::name).containsExactly("default", "p");
  }

  @Test
  void theTopLevelProviderComesFirstAndEntriesKeepTheirOrder() {
    List<ProviderSettings> providers = providers(
        "[{\"name\": \"b\"}, {\"name\": \"a\"}, {\"name\": \"c\", \"path\": \"c-path\"}]");

    assertThat(providers).extracting(ProviderSettings::name)
        .containsExactly("default", "b", "a", "c");
    assertThat(providers).extracting(ProviderSettings::path)
        .containsExactly("default", "b", "a", "c-path");
  }

  @Test
  void anEntryNamedDefaultReplacesTheTopLevelProviderAndStillInherits() {
    List<ProviderSettings> providers = providers(
        "[{\"name\": \"x\"}, {\"name\": \"default\", \"base_url\": \"https://own.example.com\"}]");

    assertThat(providers).extracting(ProviderSettings::name).containsExactly("default", "x");
    ProviderSettings replaced = providers.get(0);
    assertThat(replaced.baseUrl()).isEqualTo(URI.create("https://own.example.com"));
    assertThat(replaced.apiKeys()).containsExactly(Secret.of("sk-top-1"), Secret.of("sk-top-2"));
    assertThat(replaced.timeout()).isEqualTo(Duration.ofSeconds(42));
    assertThat(replaced.path()).isEqualTo("default");
  }

  @Test
  void apiKeysMayAlsoBeACommaSeparatedString() {
    ProviderSettings entry = providers("[{\"name\": \"p\", \"api_keys\": \"sk-a, sk-b\"}]").get(1);

    assertThat(entry.apiKeys()).containsExactly(Secret.of("sk-a"), Secret.of("sk-b"));
  }

  @Test
  void defaultProviderMayNameAnEntry() {
    Map<String, String> environment = new HashMap<>(TOP_LEVEL);
    environment.put("PROVIDERS_CONFIG", "[{\"name\": \"deepseek\"}]");
    environment.put("DEFAULT_PROVIDER", "deepseek");

    assertThat(SettingsLoader.load(dir, environment, Map.of()).defaultProvider())
        .isEqualTo("deepseek");
  }

  @Test
  void anEntryMayHaveItsOwnProxiesWhichAreCheckedWithoutShowingTheirPasswords() {
    ProviderSettings entry = providers("[{\"name\": \"extra\", \"proxies\":"
        + " [\"http://u:pw@proxy.example:3128\", \"socks5h://10.0.0.7\"]}]").get(1);

    assertThat(entry.proxies()).hasValueSatisfying(proxies -> assertThat(proxies)
        .extracting(io.openaibalance.egress.ProxyAddress::masked)
        .containsExactly("http://u:***@proxy.example:3128", "socks5h://10.0.0.7:1080"));
    assertThat(providers("[{\"name\": \"plain\"}]").get(1).proxies()).isEmpty();

    InvalidSettingsException bad = org.assertj.core.api.Assertions.catchThrowableOfType(
        InvalidSettingsException.class, () -> providers(
            "[{\"name\": \"extra\", \"proxies\": [\"ftp://u:hunter2@host\"]}]"));
    assertThat(bad.problems()).singleElement().asString()
        .startsWith("PROVIDERS_CONFIG[0].proxies[0]:").doesNotContain("hunter2");
  }
}
