package io.openaibalance.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutcomeClassifierTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "400 | {\"error\":{\"code\":\"invalid_value\"}}      | CLIENT_ERROR",
      "404 | {\"error\":{\"code\":\"model_not_found\"}}    | CLIENT_ERROR",
      "413 |                                            | CLIENT_ERROR",
      "422 |                                            | CLIENT_ERROR",
      "401 | {\"error\":{\"code\":\"invalid_api_key\"}}    | KEY_REJECTED",
      "403 |                                            | KEY_REJECTED",
      "402 |                                            | QUOTA_EXHAUSTED",
      "429 | {\"error\":{\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}} | QUOTA_EXHAUSTED",
      "429 | {\"error\":{\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}} | RATE_LIMITED",
      "429 | <html>Too many</html>                       | RATE_LIMITED",
      "408 |                                            | UPSTREAM_ERROR",
      "500 |                                            | UPSTREAM_ERROR",
      "503 | {\"error\":{\"code\":\"overloaded\"}}        | UPSTREAM_ERROR"})
  void classifiesByStatusThenByErrorCode(int status, String body, FailureClass expected) {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    assertThat(OutcomeClassifier.classify(status, bytes)).isEqualTo(expected);
  }
}
