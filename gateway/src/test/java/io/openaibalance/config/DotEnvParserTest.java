package io.openaibalance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DotEnvParserTest {

  private static Map<String, String> values(String text) {
    DotEnvParser.Result result = DotEnvParser.parse(text, ".env");
    assertThat(result.problems()).isEmpty();
    return result.values();
  }

  @Test
  void readsPlainAssignmentsInFileOrder() {
    assertThat(values("HOST=127.0.0.1\nPORT=9000\n"))
        .containsExactly(entry("HOST", "127.0.0.1"), entry("PORT", "9000"));
  }

  @Test
  void acceptsExportPrefixAndSpacesAroundTheEqualsSign() {
    assertThat(values("export HOST=a\nexport\tPORT = 1\n  TEST_MODEL  =  gpt-4o  \n"))
        .containsExactly(entry("HOST", "a"), entry("PORT", "1"), entry("TEST_MODEL", "gpt-4o"));
  }

  @Test
  void aKeyNamedExportIsJustAKey() {
    assertThat(values("export=1")).containsExactly(entry("export", "1"));
  }

  @Test
  void skipsCommentLinesAndBlankLines() {
    assertThat(values("# a comment\n\n   # indented comment\n\nHOST=a\n\n"))
        .containsExactly(entry("HOST", "a"));
  }

  @Test
  void dropsACommentAfterAnUnquotedValueOnlyWhenSpaceComesBeforeTheHash() {
    assertThat(values("A=value # comment\nB=value#not-a-comment\nC=#starts-with-hash\n"))
        .containsExactly(entry("A", "value"), entry("B", "value#not-a-comment"),
            entry("C", "#starts-with-hash"));
  }

  @Test
  void aValueThatIsOnlyACommentIsEmpty() {
    assertThat(values("A= #c\nB=  # comment\nC=#kept"))
        .containsExactly(entry("A", ""), entry("B", ""), entry("C", "#kept"));
  }

  @Test
  void acceptsSingleQuotedKeys() {
    assertThat(values("'HOST'=a\nexport 'PORT'=1"))
        .containsExactly(entry("HOST", "a"), entry("PORT", "1"));
  }

  @Test
  void keepsInnerSpacesOfUnquotedValuesAndTrimsTheEnds() {
    assertThat(values("A=b  c \nB=b\tc")).containsExactly(entry("A", "b  c"), entry("B", "b\tc"));
  }

  @Test
  void keepsEverythingAfterTheFirstEqualsSign() {
    assertThat(values("BASE_URL=https://x/v1?a=b&c=d\nK=a==b"))
        .containsExactly(entry("BASE_URL", "https://x/v1?a=b&c=d"), entry("K", "a==b"));
  }

  @Test
  void passesUnquotedJsonThroughVerbatim() {
    assertThat(values("API_KEYS=[\"sk-1\",\"sk-2\"]\nCUSTOM_HEADERS={\"X-A\": \"1\"}"))
        .containsExactly(entry("API_KEYS", "[\"sk-1\",\"sk-2\"]"),
            entry("CUSTOM_HEADERS", "{\"X-A\": \"1\"}"));
  }

  @Test
  void singleQuotesKeepTheirContentAsIs() {
    assertThat(values("A='a \\n # not a comment \"x\"'\nB='it\\'s'\nC='C:\\path'"))
        .containsExactly(entry("A", "a \\n # not a comment \"x\""), entry("B", "it's"),
            entry("C", "C:\\path"));
  }

  @Test
  void doubleQuotesDecodeEscapes() {
    assertThat(values("A=\"line1\\nline2\"\nB=\"say \\\"hi\\\"\"\nC=\"back\\\\slash\\tq\""))
        .containsExactly(entry("A", "line1\nline2"), entry("B", "say \"hi\""),
            entry("C", "back\\slash\tq"));
  }

  @Test
  void unknownEscapesInDoubleQuotesStayAsWritten() {
    assertThat(values("A=\"\\d\\w\"")).containsExactly(entry("A", "\\d\\w"));
  }

  @Test
  void allowsACommentAfterAQuotedValue() {
    assertThat(values("A=\"x # y\" # real comment\nB='z'   ")).containsExactly(
        entry("A", "x # y"), entry("B", "z"));
  }

  @Test
  void readsMultiLineQuotedJson() {
    String text = """
        # providers
        PROVIDERS_CONFIG='[
          {"name": "deepseek",
           "base_url": "https://api.deepseek.com/v1"}
        ]'
        HOST=after
        """;
    assertThat(values(text)).containsExactly(
        entry("PROVIDERS_CONFIG", "[\n  {\"name\": \"deepseek\",\n"
            + "   \"base_url\": \"https://api.deepseek.com/v1\"}\n]"),
        entry("HOST", "after"));
  }

  @Test
  void emptyValuesAreEmptyStrings() {
    assertThat(values("A=\nB=\"\"\nC=''\nD= # only a comment"))
        .containsExactly(entry("A", ""), entry("B", ""), entry("C", ""), entry("D", ""));
  }

  @Test
  void aKeyWithoutEqualsSignSetsNothing() {
    assertThat(values("LONELY\nHOST=a")).containsExactly(entry("HOST", "a"));
  }

  @Test
  void laterAssignmentsWin() {
    assertThat(values("HOST=a\nHOST=b")).containsExactly(entry("HOST", "b"));
  }

  @Test
  void handlesWindowsLineEndingsAndAByteOrderMark() {
    assertThat(values("\uFEFFHOST=a\r\nPORT=1\r\nX=\"q\"\r\n"))
        .containsExactly(entry("HOST", "a"), entry("PORT", "1"), entry("X", "q"));
  }

  @Test
  void countsALoneCarriageReturnAsALineEnd() {
    DotEnvParser.Result result = DotEnvParser.parse("A=1\rB=2\r=bad", ".env");
    assertThat(result.values()).containsExactly(entry("A", "1"), entry("B", "2"));
    assertThat(result.problems()).singleElement().asString().startsWith(".env line 3:");
  }

  @Test
  void reportsAnUnterminatedQuoteWithItsLine() {
    DotEnvParser.Result result = DotEnvParser.parse("HOST=a\nPROVIDERS_CONFIG='[\n{}\n", ".env");
    assertThat(result.problems()).containsExactly(
        ".env line 2: PROVIDERS_CONFIG has an unterminated single-quoted value "
            + "(expected a closing ')");
    assertThat(result.values()).containsExactly(entry("HOST", "a"));
  }

  @Test
  void reportsTextAfterAClosingQuoteAndKeepsGoing() {
    DotEnvParser.Result result = DotEnvParser.parse("A=\"x\" y\nB=2", ".env");
    assertThat(result.problems()).containsExactly(
        ".env line 1: text after the closing quote of A "
            + "(expected only a # comment after a quoted value)");
    assertThat(result.values()).containsExactly(entry("B", "2"));
  }

  @Test
  void reportsALineWithoutAName() {
    DotEnvParser.Result result = DotEnvParser.parse("\n\n=oops\nB=2", ".env");
    assertThat(result.problems())
        .containsExactly(".env line 3: a line without a variable name (expected KEY=value)");
    assertThat(result.values()).containsExactly(entry("B", "2"));
  }

  @Test
  void countsLinesInsideMultiLineValuesForLaterProblems() {
    DotEnvParser.Result result = DotEnvParser.parse("A='1\n2\n3'\nB C\n", ".env");
    assertThat(result.problems())
        .containsExactly(".env line 4: a line that is not an assignment (expected KEY=value)");
  }

  @Test
  void neverQuotesALineItCannotParse() {
    DotEnvParser.Result result = DotEnvParser.parse("sk-pasted-secret-0001 sk-other\n", ".env");
    assertThat(result.problems()).singleElement().asString()
        .isEqualTo(".env line 1: a line that is not an assignment (expected KEY=value)");
  }
}
