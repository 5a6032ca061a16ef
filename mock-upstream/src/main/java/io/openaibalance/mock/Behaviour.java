package io.openaibalance.mock;

/**
 * What the mock does for one request, resolved once from the key's and model's directives.
 * Absent numeric settings are {@code -1} (or {@code 0} for delays and "no error").
 *
 * @param status error status to answer with, or {@code 0} to serve the endpoint normally
 * @param errorCode overrides the error body's {@code code}, or {@code null}
 * @param errorType overrides the error body's {@code type}, or {@code null}
 * @param retryAfter verbatim {@code Retry-After} value, or {@code null}
 * @param retryAfterDateSeconds {@code Retry-After} as an HTTP date this far ahead, or {@code -1}
 * @param retryAfterMs verbatim {@code retry-after-ms} value, or {@code null}
 * @param resetRequests verbatim {@code x-ratelimit-reset-requests} value, or {@code null}
 * @param resetTokens verbatim {@code x-ratelimit-reset-tokens} value, or {@code null}
 * @param ttfbMs delay before the status line and headers
 * @param chunks content chunks in a stream
 * @param intervalMs delay between stream chunks
 * @param dropAfter content chunks sent before closing the connection abruptly, or {@code -1}
 * @param hangAfter content chunks sent before going silent with the connection open, or {@code -1}
 * @param sseExtras whether streams also carry an SSE comment and non-data events
 * @param size body size in bytes for sized content, or {@code -1} for the endpoint's default
 */
record Behaviour(
    int status,
    String errorCode,
    String errorType,
    String retryAfter,
    int retryAfterDateSeconds,
    String retryAfterMs,
    String resetRequests,
    String resetTokens,
    int ttfbMs,
    int chunks,
    int intervalMs,
    int dropAfter,
    int hangAfter,
    boolean sseExtras,
    int size) {

  static Behaviour of(Directives d, MockOptions options) {
    return new Behaviour(
        d.number(Directive.STATUS, 0),
        d.text(Directive.CODE),
        d.text(Directive.TYPE),
        d.text(Directive.RETRY_AFTER),
        d.number(Directive.RETRY_AFTER_DATE, -1),
        d.text(Directive.RETRY_AFTER_MS),
        d.text(Directive.RESET_REQUESTS),
        d.text(Directive.RESET_TOKENS),
        d.number(Directive.TTFB_MS, 0),
        d.number(Directive.CHUNKS, options.defaultChunks()),
        d.number(Directive.INTERVAL_MS, 0),
        d.number(Directive.DROP_AFTER, -1),
        d.number(Directive.HANG_AFTER, -1),
        d.flag(Directive.SSE_EXTRAS),
        d.number(Directive.SIZE, -1));
  }

  boolean failsWithStatus() {
    return status != 0;
  }

  int sizeOr(int fallback) {
    return size < 0 ? fallback : size;
  }
}
