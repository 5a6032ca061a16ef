package io.openaibalance.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariableTest {

  @Test
  void everyVariableHasADescription() {
    assertThat(Variable.values()).allSatisfy(v -> assertThat(v.description()).isNotBlank());
  }

  @Test
  void acceptsEveryNameOfThePythonProjectsConfigurationTable() {
    List<String> pythonNames = List.of("DATABASE_TYPE", "SQLITE_DATABASE", "MYSQL_HOST",
        "MYSQL_PORT", "MYSQL_USER", "MYSQL_PASSWORD", "MYSQL_DATABASE", "API_KEYS",
        "ALLOWED_TOKENS", "AUTH_TOKEN", "BASE_URL", "MODEL_REQUEST_KEY", "TEST_MODEL",
        "FILTERED_MODELS", "MAX_FAILURES", "MAX_RETRIES", "TIME_OUT", "PROXIES",
        "PROXY_AUTO_CHECK_ENABLED", "PROXY_CHECK_INTERVAL_HOURS", "PROXY_MAX_FAILURES",
        "PROXY_CHECK_URL", "PROXY_CHECK_TIMEOUT", "DEFAULT_PROVIDER", "PROVIDERS_CONFIG",
        "LOG_LEVEL", "ERROR_LOG_RECORD_REQUEST_BODY", "AUTO_DELETE_ERROR_LOGS_ENABLED",
        "AUTO_DELETE_ERROR_LOGS_DAYS");

    assertThat(Arrays.stream(Variable.values()).map(Variable::name)).containsAll(pythonNames);
  }

  @Test
  void credentialsAreMarkedSecret() {
    assertThat(Arrays.stream(Variable.values()).filter(Variable::secret))
        .contains(Variable.API_KEYS, Variable.ALLOWED_TOKENS, Variable.AUTH_TOKEN,
            Variable.MODEL_REQUEST_KEY, Variable.MYSQL_PASSWORD, Variable.PROVIDERS_CONFIG,
            Variable.PROXIES, Variable.REDIS_URL);
  }

  @Test
  void whereTheDatabaseAndTheClusterAreAndHowToOpenThemIsNeverAnAdminSetting() {
    assertThat(Arrays.stream(Variable.values()).filter(v -> v.use() == Variable.Use.BOOTSTRAP))
        .contains(Variable.DATABASE_TYPE, Variable.DATABASE_URL, Variable.MYSQL_PASSWORD,
            Variable.POSTGRES_HOST, Variable.ENCRYPTION_KEY, Variable.REDIS_URL,
            Variable.REDIS_KEY_PREFIX)
        .allMatch(v -> v.name().startsWith("DATABASE_") || v.name().startsWith("MYSQL_")
            || v.name().startsWith("POSTGRES_") || v.name().startsWith("SQLITE_")
            || v.name().startsWith("REDIS_")
            || v == Variable.ENCRYPTION_KEY);
  }
}
