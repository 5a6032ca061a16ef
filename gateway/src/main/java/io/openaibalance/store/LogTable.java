package io.openaibalance.store;

import io.openaibalance.relay.ErrorRecord;
import io.openaibalance.relay.RequestRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One log table as the admin pages browse it: filters, sorting on an allow-list of columns, pages,
 * one row, deletes. Filters are bound parameters, never spliced text; the sort column comes from
 * the allow-list only. The error log and the request log are two instances of it.
 *
 * @param <T> what a row reads as
 */
public final class LogTable<T> {
  static final int MAX_PAGE = 200;

  /** Reads the current row of a result set. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** A row with the id the admin pages address it by. */
  public record Entry<T>(long id, T record) {}

  public record Page<T>(List<Entry<T>> entries, long total) {}

  /**
   * The error log: sortable by {@code time, status, key, provider}; the text filter looks in the
   * error code and the upstream body.
   */
  public static LogTable<ErrorRecord> errorLog(Database database) {
    return new LogTable<>(database, "error_log", Map.of("time", "created_at", "status", "status",
        "key", "key_id", "provider", "provider"), List.of("error_code", "upstream_body"),
        ErrorLogRepository::read);
  }

  /**
   * The request log: sortable by {@code time, status, key, model, latency}; the text filter looks
   * in the model name. Filters walk the {@code (created_at, status)} index: a key index would cost
   * every logged request a write at a random place in it (V9).
   */
  public static LogTable<RequestRecord> requestLog(Database database) {
    return new LogTable<>(database, "request_log", Map.of("time", "created_at",
        "status", "status", "key", "key_id", "model", "model", "latency", "latency_ms"),
        List.of("model"), RequestLogRepository::read);
  }

  private final Database database;
  private final String table;
  private final Map<String, String> sortable;
  private final List<String> textColumns;
  private final RowReader<T> reader;

  /**
   * @param sortable column names by the name the API uses; must contain {@code time}
   * @param textColumns the columns {@link LogQuery#text()} is looked for in
   */
  private LogTable(Database database, String table, Map<String, String> sortable,
      List<String> textColumns, RowReader<T> reader) {
    this.database = database;
    this.table = table;
    this.sortable = Map.copyOf(sortable);
    this.textColumns = List.copyOf(textColumns);
    this.reader = reader;
  }

  /** @throws IllegalArgumentException for a sort column not on the allow-list */
  public Page<T> search(LogQuery query) throws SQLException {
    String column = sortable.get(query.sort());
    if (column == null) {
      throw new IllegalArgumentException("sort must be one of " + sortable.keySet());
    }
    List<Object> parameters = new ArrayList<>();
    String where = where(query, parameters);
    int size = Math.max(1, Math.min(MAX_PAGE, query.size()));
    int page = Math.max(0, query.page());
    try (Connection connection = database.dataSource().getConnection()) {
      long total;
      try (PreparedStatement count = connection.prepareStatement(
          "SELECT COUNT(*) FROM " + table + where)) {
        bind(count, parameters);
        try (ResultSet row = count.executeQuery()) {
          row.next();
          total = row.getLong(1);
        }
      }
      String direction = query.descending() ? " DESC" : " ASC";
      List<Entry<T>> entries = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table + where
          + " ORDER BY " + column + direction + ", id" + direction
          + " LIMIT " + size + " OFFSET " + ((long) page * size))) {
        bind(select, parameters);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            entries.add(new Entry<>(rows.getLong("id"), reader.read(rows)));
          }
        }
      }
      return new Page<>(entries, total);
    }
  }

  public Optional<Entry<T>> find(long id) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT * FROM " + table + " WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(new Entry<>(id, reader.read(row))) : Optional.empty();
      }
    }
  }

  /** Deletes these rows; returns how many there were. */
  public int delete(Collection<Long> ids) throws SQLException {
    int[] deleted = {0};
    database.inTransaction(connection -> {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
        for (long id : ids) {
          delete.setLong(1, id);
          deleted[0] += delete.executeUpdate();
        }
      }
    });
    return deleted[0];
  }

  public int deleteAll() throws SQLException {
    int[] deleted = {0};
    database.inTransaction(connection -> {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table)) {
        deleted[0] = delete.executeUpdate();
      }
    });
    return deleted[0];
  }

  private String where(LogQuery query, List<Object> parameters) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    query.keyId().ifPresent(id -> {
      where.append(" AND key_id = ?");
      parameters.add(id);
    });
    query.status().ifPresent(status -> {
      where.append(" AND status = ?");
      parameters.add(status);
    });
    query.text().ifPresent(text -> {
      // The text is matched as written: LIKE's wildcards in it are escaped.
      String like = "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
      where.append(" AND (");
      for (int i = 0; i < textColumns.size(); i++) {
        where.append(i == 0 ? "" : " OR ").append(textColumns.get(i)).append(" LIKE ? ESCAPE '!'");
        parameters.add(like);
      }
      where.append(')');
    });
    query.from().ifPresent(from -> {
      where.append(" AND created_at >= ?");
      parameters.add(from.toEpochMilli());
    });
    query.to().ifPresent(to -> {
      where.append(" AND created_at < ?");
      parameters.add(to.toEpochMilli());
    });
    return where.toString();
  }

  private static void bind(PreparedStatement statement, List<Object> parameters)
      throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      statement.setObject(i + 1, parameters.get(i));
    }
  }
}
