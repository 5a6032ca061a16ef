package io.openaibalance.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code .env} text the way python-dotenv does for the files users write, so a {@code .env}
 * made for the Python project loads unchanged:
 *
 * <ul>
 *   <li>{@code KEY=value}, optionally prefixed by {@code export }; spaces around {@code =} allowed;
 *       a key may be single-quoted ({@code 'KEY'=value});
 *   <li>whole-line {@code #} comments and blank lines; an unquoted value ends at {@code " #"}
 *       ({@code KEY=a#b} keeps its hash);
 *   <li>{@code 'single'} quotes keep text as is ({@code \'} and {@code \\} aside); {@code "double"}
 *       quotes decode {@code \n \t \r \" \\ \'} and friends; both may span lines, which is how a
 *       multi-line {@code PROVIDERS_CONFIG} JSON is written;
 *   <li>an unquoted value is taken verbatim up to the end of the line ({@code API_KEYS=["a","b"]});
 *   <li>a later assignment of the same key wins; a key without {@code =} is ignored.
 * </ul>
 *
 * <p>Unlike python-dotenv, which warns and skips a line it cannot parse, a malformed statement is
 * reported as a problem: a half-saved file (an unterminated quote) must not silently drop a
 * variable from live settings. {@code ${VAR}} interpolation is not supported.
 */
final class DotEnvParser {

  /** What a file defines, in file order, and the statements that could not be parsed. */
  record Result(Map<String, String> values, List<String> problems) {
    Result {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
      problems = List.copyOf(problems);
    }
  }

  private final String text;
  private final String sourceName;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private int pos;
  private int line = 1;

  private DotEnvParser(String text, String sourceName) {
    // A byte-order mark from Windows editors would otherwise become part of the first key.
    this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    this.sourceName = sourceName;
  }

  /**
   * @param sourceName how problems name the file, for example {@code .env}
   */
  static Result parse(String text, String sourceName) {
    DotEnvParser parser = new DotEnvParser(text, sourceName);
    parser.parseAll();
    return new Result(parser.values, parser.problems);
  }

  private void parseAll() {
    while (true) {
      skipBlankSpace();
      if (atEnd()) {
        return;
      }
      int statementLine = line;
      if (peek() == '#') {
        skipRestOfLine();
        continue;
      }
      if (!parseStatement(statementLine)) {
        skipRestOfLine();
      }
    }
  }

  /** Returns false after recording a problem; the caller then skips the rest of the line. */
  private boolean parseStatement(int statementLine) {
    skipExportPrefix();
    String key = readKey();
    skipSpacesAndTabs();
    if (key.isEmpty()) {
      return fail(statementLine, "a line without a variable name", "KEY=value");
    }
    if (atEndOfLine() || peek() == '#') {
      skipRestOfLine(); // a bare KEY: python-dotenv gives it no value, so it sets nothing
      return true;
    }
    if (peek() != '=') {
      // The line is not quoted: it may be a pasted key, so nothing of it goes into the message.
      return fail(statementLine, "a line that is not an assignment", "KEY=value");
    }
    pos++;
    int afterEquals = pos;
    skipSpacesAndTabs();
    boolean spaceAfterEquals = pos > afterEquals;
    String value;
    if (!atEnd() && (peek() == '\'' || peek() == '"')) {
      char quote = peek();
      value = readQuoted(quote);
      if (value == null) {
        String kind = quote == '"' ? "double" : "single";
        problems.add(sourceName + " line " + statementLine + ": " + key + " has an unterminated "
            + kind + "-quoted value (expected a closing " + quote + ")");
        return true; // the rest of the file was consumed looking for the quote
      }
      skipSpacesAndTabs();
      if (!atEndOfLine() && peek() != '#') {
        return fail(statementLine, "text after the closing quote of " + key,
            "only a # comment after a quoted value");
      }
      skipRestOfLine();
    } else {
      String raw = readRestOfLine();
      // "KEY=  # note" is an empty value, while "KEY=#value" keeps its hash.
      value = spaceAfterEquals && raw.startsWith("#") ? "" : stripInlineComment(raw);
    }
    values.put(key, value);
    return true;
  }

  private boolean fail(int statementLine, String what, String expected) {
    problems.add(sourceName + " line " + statementLine + ": " + what + " (expected " + expected
        + ")");
    return false;
  }

  private void skipExportPrefix() {
    if (text.startsWith("export", pos)
        && pos + 6 < text.length()
        && (text.charAt(pos + 6) == ' ' || text.charAt(pos + 6) == '\t')) {
      pos += 6;
      skipSpacesAndTabs();
    }
  }

  private String readKey() {
    if (!atEnd() && peek() == '\'') {
      int close = text.indexOf('\'', pos + 1);
      int lineEnd = endOfLine(pos);
      if (close > pos + 1 && close < lineEnd) {
        String key = text.substring(pos + 1, close);
        pos = close + 1;
        return key;
      }
    }
    int start = pos;
    while (!atEnd()) {
      char c = peek();
      if (c == '=' || c == '#' || Character.isWhitespace(c)) {
        break;
      }
      pos++;
    }
    return text.substring(start, pos);
  }

  /** Reads from an opening quote to its closing quote; null if the text ends first. */
  private String readQuoted(char quote) {
    pos++;
    StringBuilder value = new StringBuilder();
    while (!atEnd()) {
      char c = next();
      if (c == quote) {
        return value.toString();
      }
      if (c == '\\' && !atEnd()) {
        char escaped = peek();
        if (quote == '"') {
          pos++;
          value.append(decodeDoubleQuoteEscape(escaped));
          continue;
        }
        if (escaped == '\'' || escaped == '\\') {
          pos++;
          value.append(escaped);
          continue;
        }
      }
      countLine(c);
      value.append(c);
    }
    return null;
  }

  private String decodeDoubleQuoteEscape(char escaped) {
    return switch (escaped) {
      case 'n' -> "\n";
      case 't' -> "\t";
      case 'r' -> "\r";
      case 'a' -> "\u0007";
      case 'b' -> "\b";
      case 'f' -> "\f";
      case 'v' -> "\u000B";
      case '"', '\'', '\\' -> String.valueOf(escaped);
      default -> {
        countLine(escaped);
        yield "\\" + escaped; // unknown escapes stay as written, as in python-dotenv
      }
    };
  }

  private String readRestOfLine() {
    int start = pos;
    pos = endOfLine(pos);
    return text.substring(start, pos);
  }

  private int endOfLine(int from) {
    int at = from;
    while (at < text.length() && text.charAt(at) != '\n' && text.charAt(at) != '\r') {
      at++;
    }
    return at;
  }

  /** python-dotenv drops {@code \s+#.*} from an unquoted value: {@code a#b} keeps its hash. */
  private static String stripInlineComment(String raw) {
    for (int i = 1; i < raw.length(); i++) {
      if (raw.charAt(i) == '#' && Character.isWhitespace(raw.charAt(i - 1))) {
        return raw.substring(0, i).strip();
      }
    }
    return raw.strip();
  }

  private void skipBlankSpace() {
    while (!atEnd() && Character.isWhitespace(peek())) {
      countLine(next());
    }
  }

  /** Counts {@code \n}, {@code \r\n} and a lone {@code \r} as one line end each. */
  private void countLine(char consumed) {
    if (consumed == '\n' || (consumed == '\r' && (atEnd() || peek() != '\n'))) {
      line++;
    }
  }

  private void skipSpacesAndTabs() {
    while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
      pos++;
    }
  }

  private void skipRestOfLine() {
    readRestOfLine();
  }

  private boolean atEndOfLine() {
    return atEnd() || peek() == '\n' || peek() == '\r';
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return text.charAt(pos);
  }

  private char next() {
    return text.charAt(pos++);
  }
}
