package io.openaibalance.mock;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of a {@code multipart/form-data} body, located in the raw bytes. The mock parses the
 * recorded bytes itself rather than letting Vert.x decode the upload, so the journal keeps exactly
 * what arrived on the wire.
 */
final class MultipartBody {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

  /** One part: its form name, file name (or null) and where its content sits in the body. */
  record Part(String name, String filename, int offset, int length) { }

  private final byte[] body;
  private final List<Part> parts;

  private MultipartBody(byte[] body, List<Part> parts) {
    this.body = body;
    this.parts = parts;
  }

  /** @throws IllegalArgumentException with a client-facing message if the body is not multipart */
  static MultipartBody parse(String contentType, byte[] body) {
    String boundary = boundary(contentType);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    byte[] nextDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw new IllegalArgumentException("multipart body has no boundary '" + boundary + "'");
    }
    List<Part> parts = new ArrayList<>();
    at += delimiter.length;
    while (!startsWith(body, at, "--")) {
      int headersStart = at + CRLF.length;
      int headersEnd = indexOf(body, HEADERS_END, headersStart);
      if (headersEnd < 0) {
        throw new IllegalArgumentException("multipart part has no end of headers");
      }
      int contentStart = headersEnd + HEADERS_END.length;
      int contentEnd = indexOf(body, nextDelimiter, contentStart);
      if (contentEnd < 0) {
        throw new IllegalArgumentException("multipart body has no closing boundary");
      }
      String headers = new String(body, headersStart, headersEnd - headersStart,
          StandardCharsets.UTF_8);
      String disposition = dispositionOf(headers);
      parts.add(new Part(parameter(disposition, "name"), parameter(disposition, "filename"),
          contentStart, contentEnd - contentStart));
      at = contentEnd + nextDelimiter.length;
    }
    return new MultipartBody(body, List.copyOf(parts));
  }

  /** The first part with this form name, or {@code null}. */
  Part part(String name) {
    for (Part part : parts) {
      if (name.equals(part.name())) {
        return part;
      }
    }
    return null;
  }

  /** The text of the first field with this name, or {@code null}. */
  String field(String name) {
    Part part = part(name);
    return part == null ? null
        : new String(body, part.offset(), part.length(), StandardCharsets.UTF_8);
  }

  private static String boundary(String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new IllegalArgumentException(
          "Content-Type: " + contentType + " (expected multipart/form-data)");
    }
    String boundary = parameter(contentType, "boundary");
    if (boundary == null || boundary.isEmpty()) {
      throw new IllegalArgumentException(
          "Content-Type: " + contentType + " (expected a boundary parameter)");
    }
    return boundary;
  }

  private static String dispositionOf(String headers) {
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
        return line.substring(colon + 1);
      }
    }
    return "";
  }

  /** A {@code ; name=value} parameter of a header value, unquoted, or {@code null}. */
  private static String parameter(String headerValue, String name) {
    for (String piece : headerValue.split(";")) {
      int equals = piece.indexOf('=');
      if (equals > 0 && piece.substring(0, equals).trim().equalsIgnoreCase(name)) {
        String value = piece.substring(equals + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value;
      }
    }
    return null;
  }

  private static boolean startsWith(byte[] body, int at, String text) {
    if (at + text.length() > body.length) {
      // A body cut off after a delimiter has no more parts to offer.
      return true;
    }
    for (int i = 0; i < text.length(); i++) {
      if (body[at + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
