package io.openaibalance.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What the admin pages ask of a log table: filters, the sort column by its API name, and a page.
 *
 * @param keyId only this key's rows
 * @param status only this status
 * @param text in the table's text columns (error code and upstream body; model for requests),
 *     matched as written
 * @param from from this instant, inclusive
 * @param to up to this instant, exclusive
 * @param sort a column name from the table's allow-list
 * @param page zero-based
 * @param size rows per page, capped at {@link LogTable#MAX_PAGE}
 */
public record LogQuery(Optional<String> keyId, Optional<Integer> status, Optional<String> text,
    Optional<Instant> from, Optional<Instant> to, String sort, boolean descending, int page,
    int size) {

  /** The newest rows first, no filter: what a page shows when first opened. */
  public static LogQuery newest(int size) {
    return new LogQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), "time", true, 0, size);
  }
}
