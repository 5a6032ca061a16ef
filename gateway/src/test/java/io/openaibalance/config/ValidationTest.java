package io.openaibalance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidationTest {
  @TempDir Path dir;

  private InvalidSettingsException failure(Map<String, String> environment) {
    InvalidSettingsException e = catchThrowableOfType(InvalidSettingsException.class,
        () -> SettingsLoader.load(dir, environment, Map.of()));
    assertThat(e).as("expected the settings to be rejected").isNotNull();
    assertThat(e.getMessage()).contains(e.problems());
    return e;
  }

  private List<String> problems(String name, String value) {
    return failure(Map.of(name, value)).problems();
  }

  private List<String> providerProblems(String providersConfig) {
    return problems("PROVIDERS_CONFIG", providersConfig);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', textBlock = """
      PORT | -1 | PORT: -1 (expected from 0 to 65535)
      PORT | 65536 | PORT: 65536 (expected from 0 to 65535)
      PORT | http | PORT: "http" (expected an integer from 0 to 65535)
      BASE_URL | ftp://x | BASE_URL: "ftp://x" (expected an http or https URL)
      BASE_URL | api.x | BASE_URL: "api.x" (expected an http or https URL)
      MAX_FAILURES | 0 | MAX_FAILURES: 0 (expected >= 1)
      MAX_RETRIES | -1 | MAX_RETRIES: -1 (expected >= 0)
      MAX_RETRIES | 1.5 | MAX_RETRIES: 1.5 (expected an integer >= 0)
      TIME_OUT | 0 | TIME_OUT: 0 (expected a number of seconds > 0)
      TIME_OUT | soon | TIME_OUT: "soon" (expected a number of seconds > 0)
      LOG_LEVEL | TRACE | LOG_LEVEL: "TRACE" (expected DEBUG, INFO, WARNING or ERROR)
      MAX_REQUEST_BODY_SIZE_MB | 0 | MAX_REQUEST_BODY_SIZE_MB: 0 (expected >= 1)
      RATE_LIMIT_DEFAULT_COOLDOWN_SECONDS | 0 | RATE_LIMIT_DEFAULT_COOLDOWN_SECONDS: 0 (expected >= 1)
      DEFAULT_PROVIDER | nope | DEFAULT_PROVIDER: "nope" (expected one of default)
      """)
  void namesTheFieldTheValueAndWhatIsExpected(String name, String value, String problem) {
    assertThat(problems(name, value)).containsExactly(problem);
  }

  @Test
  void acceptsEveryLogLevelSpelling() {
    for (String level : List.of("debug", "Info", "WARNING", "warn", "error")) {
      Settings settings = SettingsLoader.load(dir, Map.of("LOG_LEVEL", level), Map.of());
      assertThat(settings.logLevel()).isIn("DEBUG", "INFO", "WARNING", "ERROR");
    }
  }

  @Test
  void customHeadersMustBeAJsonObject() {
    assertThat(problems("CUSTOM_HEADERS", "X-A: 1")).containsExactly(
        "CUSTOM_HEADERS: invalid JSON at line 1, column 2 "
            + "(expected a JSON object of header names to string values)");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    InvalidSettingsException e = failure(Map.of(
        "PORT", "-1", "MAX_RETRIES", "-1", "TIME_OUT", "0", "LOG_LEVEL", "loud"));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "PORT: -1 (expected from 0 to 65535)",
        "MAX_RETRIES: -1 (expected >= 0)",
        "TIME_OUT: 0 (expected a number of seconds > 0)",
        "LOG_LEVEL: \"loud\" (expected DEBUG, INFO, WARNING or ERROR)");
    assertThat(e.getMessage()).startsWith("invalid configuration (4 problems):\n  ");
  }

  @Test
  void secretListItemsAreMaskedInMessages() {
    InvalidSettingsException e = failure(Map.of(
        "API_KEYS", "[\"sk-good-key-0001\", 123456789012345]",
        "ALLOWED_TOKENS", "[true, {\"t\": \"tok-clear-0002\"}]"));

    assertThat(e.problems()).containsExactlyInAnyOrder(
        "API_KEYS[1]: \"123...345\" (expected a string)",
        "ALLOWED_TOKENS[0]: \"****\" (expected a string)",
        "ALLOWED_TOKENS[1]: an object (expected a string)");
    assertThat(e.getMessage()).doesNotContain("123456789012345", "tok-clear-0002");
  }

  @Test
  void brokenSecretJsonIsReportedByPositionNotByContent() {
    InvalidSettingsException e = failure(Map.of(
        "API_KEYS", "[\"sk-aaaa-1111\", sk-bbbb-2222]",
        "PROVIDERS_CONFIG", "[{\"name\": \"p\", \"api_keys\": [sk-cccc-3333]}]"));

    assertThat(e.problems()).hasSize(2).allSatisfy(problem ->
        assertThat(problem).contains("invalid JSON at line 1, column "));
    assertThat(e.getMessage()).doesNotContain("sk-bbbb-2222", "sk-cccc-3333", "bbbb", "cccc");
  }

  @Test
  void providersConfigMustBeAnArrayOfObjects() {
    assertThat(providerProblems("{\"name\": \"p\"}")).containsExactly(
        "PROVIDERS_CONFIG: an object (expected a JSON array of provider objects)");
    assertThat(providerProblems("[\"sk-in-clear-text-9999\"]")).containsExactly(
        "PROVIDERS_CONFIG[0]: \"sk-in...9999\" (expected a JSON object)");
  }

  @Test
  void anEntryNeedsAValidName() {
    assertThat(providerProblems("[{\"path\": \"p\"}, {\"name\": \"a b\"}, {\"name\": 5}]"))
        .containsExactly(
            "PROVIDERS_CONFIG[0].name: missing (expected a string of letters, digits, '.', '_' "
                + "or '-')",
            "PROVIDERS_CONFIG[1].name: \"a b\" (expected letters, digits, '.', '_' or '-')",
            "PROVIDERS_CONFIG[2].name: 5 (expected a string of letters, digits, '.', '_' or '-')");
  }

  @Test
  void v1IsNeitherANameNorAPath() {
    assertThat(providerProblems("[{\"name\": \"v1\"}, {\"name\": \"ok\", \"path\": \"v1\"}]"))
        .containsExactly(
            "PROVIDERS_CONFIG[0].name: \"v1\" (expected a name other than v1)",
            "PROVIDERS_CONFIG[1].path: \"v1\" (expected a name other than v1)");
  }

  @Test
  void namesAndPathsAreUniqueAcrossProviders() {
    assertThat(providerProblems("""
        [{"name": "a"}, {"name": "a"}, {"name": "b", "path": "a"}, {"name": "c", "path": "default"},
         {"name": "d", "path": "d"}, {"name": "e", "path": "f"}, {"name": "f"}]
        """)).containsExactly(
            "PROVIDERS_CONFIG[1].name: \"a\" (expected a name and path not used by another "
                + "provider)",
            "PROVIDERS_CONFIG[2].path: \"a\" (expected a name and path not used by another "
                + "provider)",
            "PROVIDERS_CONFIG[3].path: \"default\" (expected a name and path not used by another "
                + "provider)",
            "PROVIDERS_CONFIG[6].name: \"f\" (expected a name and path not used by another "
                + "provider)");
  }

  @Test
  void anEntryNamesItsBadFields() {
    assertThat(providerProblems("""
        [{"name": "ok"},
         {"name": "p", "base_url": "ftp://x", "timeout": -2, "max_failures": 0,
          "max_retries": -1, "enabled": "maybe", "custom_headers": ["X"], "test_model": {}}]
        """)).containsExactly(
            "PROVIDERS_CONFIG[1].base_url: \"ftp://x\" (expected an http or https URL)",
            "PROVIDERS_CONFIG[1].custom_headers: an array "
                + "(expected a JSON object of header names to strings)",
            "PROVIDERS_CONFIG[1].timeout: -2 (expected a number of seconds > 0)",
            "PROVIDERS_CONFIG[1].max_failures: 0 (expected >= 1)",
            "PROVIDERS_CONFIG[1].max_retries: -1 (expected >= 0)",
            "PROVIDERS_CONFIG[1].test_model: an object (expected a model name)",
            "PROVIDERS_CONFIG[1].enabled: \"maybe\" (expected true, false, 1, 0, yes or no)");
  }

  @Test
  void anEntrysSecretsAreMasked() {
    List<String> problems = providerProblems("""
        [{"name": "p", "api_keys": ["sk-fine", 98765432109876],
          "model_request_key": 11112222333344445555,
          "custom_headers": {"Authorization": ["Bearer sk-header-secret-77"]}}]
        """);

    assertThat(problems).containsExactly(
        "PROVIDERS_CONFIG[0].api_keys[1]: \"987...876\" (expected a string)",
        "PROVIDERS_CONFIG[0].model_request_key: \"11112...5555\" (expected a string)",
        "PROVIDERS_CONFIG[0].custom_headers.Authorization: an array (expected a string)");
    assertThat(String.join("\n", problems))
        .doesNotContain("98765432109876", "11112222333344445555", "sk-header-secret-77");
  }

  @Test
  void theDefaultProviderMustExistAmongTheConfiguredOnes() {
    InvalidSettingsException e = failure(Map.of(
        "DEFAULT_PROVIDER", "deepseek",
        "PROVIDERS_CONFIG", "[{\"name\": \"openai\"}, {\"name\": \"groq\"}]"));

    assertThat(e.problems()).containsExactly(
        "DEFAULT_PROVIDER: \"deepseek\" (expected one of default, openai, groq)");
  }
}
