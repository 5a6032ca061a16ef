package io.openaibalance.admin;

import io.openaibalance.keys.KeyStatus;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.secret.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The keys page's table, cut on the server: every key of every provider with its health, label
 * and last-24-hour use, filtered, sorted and paged. It works on a list built per request from the
 * live pools, so what the page shows is what serves traffic; ten thousand rows sort in a few
 * milliseconds.
 */
final class KeyListing {
  static final int MAX_PAGE = 500;

  /** Sort orders by the name the API uses; ties keep the pools' order. */
  static final Map<String, Comparator<Row>> SORTS = sorts();

  /** One key as the page shows it. */
  record Row(String provider, PooledKey key, boolean fromAdmin, Optional<String> label,
      KeyStatus status, long calls, long failures, long tokens) {}

  /**
   * @param search in the masked key, id, label or last error (case-insensitive), or a whole key
   *     pasted in
   * @param sort a name from {@link #SORTS}, or empty for the pools' order
   */
  record Query(Optional<String> provider, Optional<KeyStatus> state, Optional<String> search,
      int minFailures, Optional<String> sort, boolean descending, int page, int size) {

    Query {
      sort.ifPresent(name -> {
        if (!SORTS.containsKey(name)) {
          throw new IllegalArgumentException("sort must be one of " + SORTS.keySet());
        }
      });
      if (page < 0 || size < 1 || size > MAX_PAGE || minFailures < 0) {
        throw new IllegalArgumentException("page >= 0, 1 <= size <= " + MAX_PAGE
            + ", min_failures >= 0");
      }
    }
  }

  /** Keys per state of one provider, over all its keys (not only the filtered ones). */
  record Totals(String provider, int active, int cooling, int disabled) {
    int total() {
      return active + cooling + disabled;
    }
  }

  record Result(List<Totals> totals, int matching, List<Row> rows) {}

  private KeyListing() {}

  static Result list(List<Row> all, Query query) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (Row row : all) {
      counts.computeIfAbsent(row.provider(), p -> new int[3])[row.status().ordinal()]++;
    }
    List<Totals> totals = new ArrayList<>();
    counts.forEach((provider, byState) -> totals.add(new Totals(provider,
        byState[KeyStatus.ACTIVE.ordinal()], byState[KeyStatus.COOLING.ordinal()],
        byState[KeyStatus.DISABLED.ordinal()])));

    Optional<String> needle = query.search().map(String::strip).filter(s -> !s.isEmpty())
        .map(s -> s.toLowerCase(Locale.ROOT));
    // A pasted key is found by its id: the full key is never compared as text.
    Optional<String> pastedId = query.search().map(String::strip).filter(s -> s.length() >= 20)
        .map(s -> Secret.of(s).id());
    List<Row> matching = new ArrayList<>();
    for (Row row : all) {
      if (query.provider().map(p -> p.equals(row.provider())).orElse(true)
          && query.state().map(s -> s == row.status()).orElse(true)
          && row.key().health().failures() >= query.minFailures()
          && (needle.isEmpty() || matches(row, needle.get(), pastedId))) {
        matching.add(row);
      }
    }
    query.sort().ifPresent(name -> {
      Comparator<Row> order = SORTS.get(name);
      matching.sort(query.descending() ? order.reversed() : order);
    });
    int from = (int) Math.min(matching.size(), (long) query.page() * query.size());
    int to = Math.min(matching.size(), from + query.size());
    return new Result(totals, matching.size(), List.copyOf(matching.subList(from, to)));
  }

  private static boolean matches(Row row, String needle, Optional<String> pastedId) {
    PooledKey key = row.key();
    return key.id().equals(pastedId.orElse(null))
        || key.id().contains(needle)
        || key.secret().masked().toLowerCase(Locale.ROOT).contains(needle)
        || row.label().map(l -> l.toLowerCase(Locale.ROOT).contains(needle)).orElse(false)
        || key.health().lastError().map(e -> e.toLowerCase(Locale.ROOT).contains(needle))
            .orElse(false);
  }

  private static Map<String, Comparator<Row>> sorts() {
    Map<String, Comparator<Row>> sorts = new LinkedHashMap<>();
    sorts.put("provider", Comparator.comparing(Row::provider));
    sorts.put("key", Comparator.comparing(row -> row.key().secret().masked()));
    sorts.put("label", Comparator.comparing(row -> row.label().orElse("")));
    sorts.put("state", Comparator.comparing(Row::status));
    sorts.put("failures", Comparator.comparingInt(row -> row.key().health().failures()));
    sorts.put("last_error_at", Comparator.comparing(
        (Function<Row, Instant>) row -> row.key().health().lastErrorAt().orElse(Instant.EPOCH)));
    sorts.put("calls_24h", Comparator.comparingLong(Row::calls));
    sorts.put("failures_24h", Comparator.comparingLong(Row::failures));
    sorts.put("tokens_24h", Comparator.comparingLong(Row::tokens));
    return java.util.Collections.unmodifiableMap(sorts);
  }
}
