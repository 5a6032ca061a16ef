package io.openaibalance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.openaibalance.secret.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
  @TempDir Path dir;

  private void writeEnv(String text) throws IOException {
    Files.writeString(dir.resolve(".env"), text);
  }

  private Settings load(Map<String, String> environment, Map<String, String> overrides) {
    return SettingsLoader.load(dir, environment, overrides);
  }

  private Settings load(Map<String, String> environment) {
    return load(environment, Map.of());
  }

  @Test
  void withNoFileAndNoVariablesEveryValueIsTheDefault() {
    Settings settings = load(Map.of());

    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.port()).isEqualTo(8000);
    assertThat(settings.allowedTokens()).isEmpty();
    assertThat(settings.authToken()).isEmpty();
    assertThat(settings.defaultProvider()).isEqualTo("default");
    assertThat(settings.filteredModels()).isEmpty();
    assertThat(settings.maxRequestBodyBytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(settings.defaultRateLimitCooldown()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.logLevel()).isEqualTo("INFO");
    assertThat(settings.providers()).singleElement().isEqualTo(new ProviderSettings(
        "default", "default", URI.create("https://api.openai.com/v1"), java.util.List.of(),
        Optional.empty(), Map.of(), Duration.ofSeconds(300), 3, 3, "gpt-4o-mini", true,
        Optional.empty()));
    assertThat(settings.sources()).hasSize(Variable.values().length)
        .allSatisfy((name, source) -> assertThat(source).isEqualTo(ValueSource.DEFAULT));
  }

  @Test
  void buildsEverySettingFromTheDotEnvFile() throws IOException {
    writeEnv("""
        HOST=127.0.0.1
        PORT=9000
        API_KEYS=["sk-1","sk-2"]
        ALLOWED_TOKENS=tok-1,tok-2
        AUTH_TOKEN=admin-token
        BASE_URL=https://api.example.com/v1/
        MODEL_REQUEST_KEY=sk-models
        TEST_MODEL=gpt-4.1-nano
        FILTERED_MODELS=dall-e-3, whisper-1
        MAX_FAILURES=5
        MAX_RETRIES=0
        TIME_OUT=12.5
        CUSTOM_HEADERS={"X-Org": "acme"}
        LOG_LEVEL=warn
        MAX_REQUEST_BODY_SIZE_MB=2
        RATE_LIMIT_DEFAULT_COOLDOWN_SECONDS=15
        """);

    Settings settings = load(Map.of());

    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(9000);
    assertThat(settings.allowedTokens()).containsExactlyInAnyOrder(
        Secret.of("tok-1"), Secret.of("tok-2"));
    assertThat(settings.authToken()).contains(Secret.of("admin-token"));
    assertThat(settings.filteredModels()).containsExactlyInAnyOrder("dall-e-3", "whisper-1");
    assertThat(settings.logLevel()).isEqualTo("WARNING");
    assertThat(settings.maxRequestBodyBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(settings.defaultRateLimitCooldown()).isEqualTo(Duration.ofSeconds(15));
    ProviderSettings provider = settings.providers().get(0);
    assertThat(provider.name()).isEqualTo(ProviderSettings.DEFAULT_NAME);
    assertThat(provider.path()).isEqualTo("default");
    assertThat(provider.baseUrl()).isEqualTo(URI.create("https://api.example.com/v1"));
    assertThat(provider.apiKeys()).containsExactly(Secret.of("sk-1"), Secret.of("sk-2"));
    assertThat(provider.modelRequestKey()).contains(Secret.of("sk-models"));
    assertThat(provider.testModel()).isEqualTo("gpt-4.1-nano");
    assertThat(provider.maxFailures()).isEqualTo(5);
    assertThat(provider.maxRetries()).isZero();
    assertThat(provider.timeout()).isEqualTo(Duration.ofMillis(12_500));
    assertThat(provider.customHeaders()).containsExactly(entry("X-Org", "acme"));
    assertThat(provider.enabled()).isTrue();
    assertThat(settings.sources()).containsEntry("PORT", ValueSource.DOTENV_FILE)
        .containsEntry("HOST", ValueSource.DOTENV_FILE)
        .containsEntry("PROVIDERS_CONFIG", ValueSource.DEFAULT);
  }

  @Test
  void environmentBeatsDotEnvAndAdminOverrideBeatsBoth() throws IOException {
    writeEnv("PORT=1001\nHOST=from-file\nTEST_MODEL=file-model\n");

    Settings settings = load(
        Map.of("PORT", "1002", "HOST", "from-env"), Map.of("PORT", "1003"));

    assertThat(settings.port()).isEqualTo(1003);
    assertThat(settings.host()).isEqualTo("from-env");
    assertThat(settings.providers().get(0).testModel()).isEqualTo("file-model");
    assertThat(settings.sources())
        .containsEntry("PORT", ValueSource.ADMIN)
        .containsEntry("HOST", ValueSource.ENVIRONMENT)
        .containsEntry("TEST_MODEL", ValueSource.DOTENV_FILE)
        .containsEntry("BASE_URL", ValueSource.DEFAULT);
  }

  @Test
  void readsOnlyKnownNamesFromTheEnvironment() {
    Settings settings = load(Map.of("PATH", "/usr/bin", "HOME", "/root", "PORT", "8001"));

    assertThat(settings.port()).isEqualTo(8001);
    assertThat(settings.sources()).doesNotContainKeys("PATH", "HOME");
  }

  @Test
  void aBlankValueWinsItsLayerAndMeansTheDefault() throws IOException {
    writeEnv("PORT=9000\nAUTH_TOKEN=from-file\n");

    Settings settings = load(Map.of("PORT", "", "AUTH_TOKEN", " "));

    assertThat(settings.port()).isEqualTo(8000);
    assertThat(settings.authToken()).isEmpty();
    assertThat(settings.sources()).containsEntry("PORT", ValueSource.ENVIRONMENT);
  }

  @Test
  void authTokenNeverFallsBackToAClientToken() {
    Settings settings = load(Map.of("ALLOWED_TOKENS", "client-1"));

    assertThat(settings.authToken()).isEmpty();
  }

  @Test
  void recordsTheSourceOfVariablesNotYetParsedIntoSettings() throws IOException {
    writeEnv("DATABASE_TYPE=mysql\nPROXIES=http://p1:8080,socks5://p2:1080\n");

    Settings settings = load(Map.of("MYSQL_PASSWORD", "pw"));

    assertThat(settings.sources())
        .containsEntry("DATABASE_TYPE", ValueSource.DOTENV_FILE)
        .containsEntry("PROXIES", ValueSource.DOTENV_FILE)
        .containsEntry("MYSQL_PASSWORD", ValueSource.ENVIRONMENT)
        .containsEntry("PROXY_CHECK_URL", ValueSource.DEFAULT);
  }

  @Test
  void readsTheFileNamedByEnvFileRelativeToTheBaseDirectory() throws IOException {
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/prod.env"), "PORT=7000\n");
    writeEnv("PORT=1\n");

    SettingsLoader loader = new SettingsLoader(dir, Map.of("ENV_FILE", "conf/prod.env"), Map.of());

    assertThat(loader.envFile()).isEqualTo(dir.resolve("conf/prod.env"));
    assertThat(loader.load().port()).isEqualTo(7000);
    assertThat(loader.load().sources()).containsEntry("ENV_FILE", ValueSource.ENVIRONMENT);
  }

  @Test
  void envFileIsReadOnlyFromTheEnvironment() throws IOException {
    Files.writeString(dir.resolve("other.env"), "PORT=7000\n");
    writeEnv("ENV_FILE=other.env\nPORT=7001\n");

    Settings settings = load(Map.of(), Map.of("ENV_FILE", "other.env"));

    assertThat(settings.port()).isEqualTo(7001);
    assertThat(settings.sources()).containsEntry("ENV_FILE", ValueSource.DEFAULT);
  }

  @Test
  void aMissingEnvFileIsFine() {
    Settings settings = load(Map.of("ENV_FILE", "does-not-exist.env", "PORT", "8123"));

    assertThat(settings.port()).isEqualTo(8123);
  }

  @Test
  void dotEnvSyntaxErrorsAreReportedWithTheOtherProblems() throws IOException {
    writeEnv("PORT=99999\nAPI_KEYS='[\"sk-1\"\n");

    assertThatThrownBy(() -> load(Map.of()))
        .isInstanceOf(InvalidSettingsException.class)
        .satisfies(e -> assertThat(((InvalidSettingsException) e).problems()).containsExactly(
            dir.resolve(".env") + " line 2: API_KEYS has an unterminated single-quoted value "
                + "(expected a closing ')",
            "PORT: 99999 (expected from 0 to 65535)"));
  }

  @Test
  void reportsAFileThatIsNotUtf8() throws IOException {
    Files.write(dir.resolve(".env"), new byte[] {'A', '=', (byte) 0xff, '\n'});

    assertThatThrownBy(() -> load(Map.of()))
        .hasMessageContaining("not valid UTF-8 (expected a UTF-8 text file)");
  }

  @Test
  void loadsAPythonProjectEnvFileUnchanged() throws IOException {
    Files.writeString(dir.resolve(".env"), """
        # Database
        DATABASE_TYPE=sqlite
        SQLITE_DATABASE=default_db
        MYSQL_HOST=localhost
        MYSQL_PORT=3306
        MYSQL_USER=your_db_user
        MYSQL_PASSWORD=your_db_password
        MYSQL_DATABASE=defaultdb
        # API
        API_KEYS=["sk-aaaaaaaaaaaa","sk-bbbbbbbbbbbb"]
        ALLOWED_TOKENS=["tok-cccccccccc"]
        AUTH_TOKEN=tok-dddddddddd
        BASE_URL=https://api.openai.com/v1
        MODEL_REQUEST_KEY=""
        TEST_MODEL=gpt-4o-mini
        FILTERED_MODELS=[]
        MAX_FAILURES=3
        MAX_RETRIES=3
        TIME_OUT=300
        PROXIES=[]
        PROXY_AUTO_CHECK_ENABLED=false
        PROXY_CHECK_INTERVAL_HOURS=1
        PROXY_MAX_FAILURES=3
        PROXY_CHECK_URL=https://www.google.com
        PROXY_CHECK_TIMEOUT=10
        DEFAULT_PROVIDER=default
        PROVIDERS_CONFIG='[
          {"name": "deepseek", "path": "deepseek", "base_url": "https://api.deepseek.com/v1",
           "api_keys": ["sk-yyyyyyyyyyyy"], "enabled": true, "proxies": []}
        ]'
        LOG_LEVEL=INFO
        ERROR_LOG_RECORD_REQUEST_BODY=false
        AUTO_DELETE_ERROR_LOGS_ENABLED=true
        AUTO_DELETE_ERROR_LOGS_DAYS=7
        """, StandardCharsets.UTF_8);

    Settings settings = load(Map.of());

    assertThat(settings.providers()).extracting(ProviderSettings::name)
        .containsExactly("default", "deepseek");
    assertThat(settings.providers().get(0).modelRequestKey()).isEmpty();
    assertThat(settings.providers().get(1).apiKeys()).containsExactly(Secret.of("sk-yyyyyyyyyyyy"));
  }
}
