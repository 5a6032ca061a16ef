package io.openaibalance.store;

import io.openaibalance.relay.ErrorRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The error log as the admin pages browse it: filters, sorting on an allow-list of columns,
 * pages, one entry's details, and deletes. Filters are bound parameters, never spliced text; the
 * sort column comes from the allow-list only.
 */
public final class ErrorLogSearch {
  /** Sortable columns, by the name the API uses. */
  private static final Map<String, String> SORTABLE = Map.of(
      "time", "created_at", "status", "status", "key", "key_id", "provider", "provider");
  static final int MAX_PAGE = 200;

  /**
   * @param keyId only this key's attempts
   * @param status only this upstream status
   * @param text in the error code or the upstream body
   * @param sort one of {@code time, status, key, provider}
   */
  public record Query(Optional<String> keyId, Optional<Integer> status, Optional<String> text,
      Optional<Instant> from, Optional<Instant> to, String sort, boolean descending, int page,
      int size) {}

  /** A row with the id the admin pages address it by. */
  public record Entry(long id, ErrorRecord record) {}

  public record Page(List<Entry> entries, long total) {}

  private final Database database;

  public ErrorLogSearch(Database database) {
    this.database = database;
  }

  /** @throws IllegalArgumentException for a sort column not on the allow-list */
  public Page search(Query query) throws SQLException {
    String column = SORTABLE.get(query.sort());
    if (column == null) {
      throw new IllegalArgumentException("sort must be one of " + SORTABLE.keySet());
    }
    List<Object> parameters = new ArrayList<>();
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
      where.append(" AND (error_code LIKE ? ESCAPE '!' OR upstream_body LIKE ? ESCAPE '!')");
      String like = "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
      parameters.add(like);
      parameters.add(like);
    });
    query.from().ifPresent(from -> {
      where.append(" AND created_at >= ?");
      parameters.add(from.toEpochMilli());
    });
    query.to().ifPresent(to -> {
      where.append(" AND created_at < ?");
      parameters.add(to.toEpochMilli());
    });
    int size = Math.max(1, Math.min(MAX_PAGE, query.size()));
    int page = Math.max(0, query.page());
    try (Connection connection = database.dataSource().getConnection()) {
      long total;
      try (PreparedStatement count = connection.prepareStatement(
          "SELECT COUNT(*) FROM error_log" + where)) {
        bind(count, parameters);
        try (ResultSet row = count.executeQuery()) {
          row.next();
          total = row.getLong(1);
        }
      }
      List<Entry> entries = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT * FROM error_log" + where
          + " ORDER BY " + column + (query.descending() ? " DESC" : " ASC") + ", id DESC"
          + " LIMIT " + size + " OFFSET " + ((long) page * size))) {
        bind(select, parameters);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            entries.add(entry(rows));
          }
        }
      }
      return new Page(entries, total);
    }
  }

  public Optional<Entry> find(long id) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT * FROM error_log WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(entry(row)) : Optional.empty();
      }
    }
  }

  /** Deletes these entries; returns how many there were. */
  public int delete(Collection<Long> ids) throws SQLException {
    int[] deleted = {0};
    database.inTransaction(connection -> {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM error_log WHERE id = ?")) {
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
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM error_log")) {
        deleted[0] = delete.executeUpdate();
      }
    });
    return deleted[0];
  }

  private static void bind(PreparedStatement statement, List<Object> parameters)
      throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      statement.setObject(i + 1, parameters.get(i));
    }
  }

  private static Entry entry(ResultSet row) throws SQLException {
    return new Entry(row.getLong("id"), new ErrorRecord(
        Instant.ofEpochMilli(row.getLong("created_at")), row.getString("provider"),
        Optional.ofNullable(row.getString("key_id")).map(String::strip),
        Optional.ofNullable(row.getString("model")), row.getInt("status"),
        row.getString("failure"), Optional.ofNullable(row.getString("error_code")),
        row.getString("upstream_body"), Optional.ofNullable(row.getString("request_body"))));
  }
}
