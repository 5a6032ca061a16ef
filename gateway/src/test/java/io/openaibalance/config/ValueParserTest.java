package io.openaibalance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParserTest {
  private final ObjectMapper json =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final Problems problems = new Problems();
  private final ValueParser parser = new ValueParser(json, problems);

  private List<String> reported() {
    try {
      problems.throwIfAny();
      return List.of();
    } catch (InvalidSettingsException e) {
      return e.problems();
    }
  }

  @Test
  void readsAJsonArrayList() {
    assertThat(parser.list("API_KEYS", "[\"sk-1\", \"sk-2\"]", true))
        .containsExactly("sk-1", "sk-2");
    assertThat(reported()).isEmpty();
  }

  @Test
  void readsACommaSeparatedList() {
    assertThat(parser.list("FILTERED_MODELS", "gpt-4, gpt-3.5 ,o1", false))
        .containsExactly("gpt-4", "gpt-3.5", "o1");
  }

  @Test
  void trimsItemsDropsEmptiesAndDedupesKeepingFirstOrder() {
    assertThat(parser.list("X", " b, a,, b ,  ,a,c ", false)).containsExactly("b", "a", "c");
    assertThat(parser.list("X", "[\" b\", \"a\", \"\", \"b\", \"  \", \"c\"]", false))
        .containsExactly("b", "a", "c");
  }

  @Test
  void anEmptyListIsEmptyInBothForms() {
    assertThat(parser.list("X", "[]", false)).isEmpty();
    assertThat(parser.list("X", "", false)).isEmpty();
    assertThat(parser.list("X", " , ", false)).isEmpty();
  }

  @Test
  void aSingleItemWithoutCommasIsAOneItemList() {
    assertThat(parser.list("API_KEYS", "sk-only", true)).containsExactly("sk-only");
  }

  @Test
  void reportsBrokenJsonByPositionWithoutQuotingIt() {
    parser.list("API_KEYS", "[\"sk-secret-value-1\", sk-secret-value-2]", true);
    assertThat(reported()).singleElement().asString()
        .matches("API_KEYS: invalid JSON at line 1, column \\d+ "
            + "\\(expected a JSON array of strings or comma-separated values\\)")
        .doesNotContain("secret-value");
  }

  @Test
  void reportsANonStringItemByIndexMasked() {
    parser.list("API_KEYS", "[\"sk-1\", 1234567890123]", true);
    assertThat(reported()).containsExactly("API_KEYS[1]: \"123...123\" (expected a string)");
  }

  @ParameterizedTest
  @CsvSource({"true,true", "TRUE,true", "1,true", "yes,true", "Yes,true", "false,false",
      "False,false", "0,false", "no,false", "NO,false"})
  void readsBooleans(String text, boolean expected) {
    assertThat(parser.bool("X", text, !expected)).isEqualTo(expected);
    assertThat(reported()).isEmpty();
  }

  @Test
  void reportsABadBoolean() {
    assertThat(parser.bool("PROXY_AUTO_CHECK_ENABLED", "maybe", false)).isFalse();
    assertThat(reported()).containsExactly(
        "PROXY_AUTO_CHECK_ENABLED: \"maybe\" (expected true, false, 1, 0, yes or no)");
  }

  @Test
  void readsIntegersInRange() {
    assertThat(parser.integer("PORT", " 8080 ", 0, 65_535, 1)).isEqualTo(8080);
    assertThat(parser.integer("PORT", "70000", 0, 65_535, 1)).isEqualTo(1);
    assertThat(parser.integer("MAX_RETRIES", "-1", 0, Integer.MAX_VALUE, 3)).isEqualTo(3);
    assertThat(parser.integer("MAX_RETRIES", "three", 0, Integer.MAX_VALUE, 3)).isEqualTo(3);
    assertThat(reported()).containsExactly(
        "PORT: 70000 (expected from 0 to 65535)",
        "MAX_RETRIES: -1 (expected >= 0)",
        "MAX_RETRIES: \"three\" (expected an integer >= 0)");
  }

  @Test
  void readsSecondsAsIntegerOrDecimal() {
    Duration fallback = Duration.ofSeconds(300);
    assertThat(parser.seconds("TIME_OUT", "30", fallback)).isEqualTo(Duration.ofSeconds(30));
    assertThat(parser.seconds("TIME_OUT", "2.5", fallback)).isEqualTo(Duration.ofMillis(2500));
    assertThat(parser.seconds("TIME_OUT", "0.001", fallback)).isEqualTo(Duration.ofMillis(1));
    assertThat(reported()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "abc", "1e400", "0.0000000001"})
  void reportsSecondsThatAreNotPositiveNumbers(String text) {
    parser.seconds("TIME_OUT", text, Duration.ofSeconds(300));
    assertThat(reported()).singleElement().asString()
        .startsWith("TIME_OUT: ")
        .endsWith(" (expected a number of seconds > 0)");
  }

  @Test
  void readsHttpUrlsAndStripsTrailingSlashes() {
    URI fallback = URI.create("https://fallback");
    assertThat(parser.httpUrl("BASE_URL", "https://api.x.com/v1/", fallback))
        .isEqualTo(URI.create("https://api.x.com/v1"));
    assertThat(parser.httpUrl("BASE_URL", "http://127.0.0.1:9000", fallback))
        .isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(reported()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://x", "api.openai.com/v1", "https://", "not a url", "/v1"})
  void reportsUrlsThatAreNotAbsoluteHttp(String text) {
    parser.httpUrl("BASE_URL", text, URI.create("https://fallback"));
    assertThat(reported()).containsExactly(
        "BASE_URL: " + Problems.show(text, false) + " (expected an http or https URL)");
  }

  @Test
  void readsHeadersAsAJsonObjectOfStrings() {
    assertThat(parser.headers("CUSTOM_HEADERS", "{\"X-A\": \"1\", \"X-B\": \"two\"}"))
        .containsExactly(entry("X-A", "1"), entry("X-B", "two"));
    assertThat(reported()).isEmpty();
  }

  @Test
  void reportsBadHeadersPerHeaderWithValuesMasked() {
    parser.headers("CUSTOM_HEADERS",
        "{\"Bad Name\": \"v\", \"X-Num\": 1234567890, \"X-Split\": \"secret-value\\r\\nX: y\"}");
    assertThat(reported()).containsExactly(
        "CUSTOM_HEADERS.Bad Name: \"Bad Name\" (expected an HTTP header name)",
        "CUSTOM_HEADERS.X-Num: \"12...90\" (expected a string)",
        "CUSTOM_HEADERS.X-Split: \"secr...X: y\" (expected a value without line breaks)");
  }

  @Test
  void reportsHeadersThatAreNotAnObject() {
    parser.headers("CUSTOM_HEADERS", "[\"X-A: 1\"]");
    assertThat(reported()).containsExactly(
        "CUSTOM_HEADERS: an array (expected a JSON object of header names to strings)");
  }

  @Test
  void reportsTrailingTextAfterJson() {
    parser.headers("CUSTOM_HEADERS", "{} {}");
    assertThat(reported()).singleElement().asString()
        .startsWith("CUSTOM_HEADERS: invalid JSON at line 1");
  }
}
