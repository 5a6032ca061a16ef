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
import java.util.Optional;

/** Writes {@code error_log} rows in batches and reads them back (newest first). */
public final class ErrorLogRepository {
  private static final String INSERT = "INSERT INTO error_log (created_at, provider, key_id, model,"
      + " status, failure, error_code, upstream_body, request_body)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final Database database;

  public ErrorLogRepository(Database database) {
    this.database = database;
  }

  public void insertAll(Collection<ErrorRecord> records) throws SQLException {
    database.executeBatch(INSERT, records, ErrorLogRepository::bind);
  }

  /** Inserts within the caller's transaction, so the aggregates can join it. */
  public void insertAll(Connection connection, Collection<ErrorRecord> records) throws SQLException {
    Database.executeBatch(connection, INSERT, records, ErrorLogRepository::bind);
  }

  private static void bind(PreparedStatement insert, ErrorRecord record) throws SQLException {
    insert.setLong(1, record.at().toEpochMilli());
    insert.setString(2, record.provider());
    insert.setString(3, record.keyId().orElse(null));
    insert.setString(4, record.model().map(m -> clip(m, 128)).orElse(null));
    insert.setInt(5, record.status());
    insert.setString(6, record.failure());
    insert.setString(7, record.errorCode().map(c -> clip(c, 128)).orElse(null));
    insert.setString(8, record.upstreamBody());
    insert.setString(9, record.requestBody().orElse(null));
  }

  /** The newest {@code limit} rows (at most a page). */
  public List<ErrorRecord> newest(int limit) throws SQLException {
    return LogTable.errorLog(database).search(LogQuery.newest(limit))
        .entries().stream().map(LogTable.Entry::record).toList();
  }

  static ErrorRecord read(ResultSet row) throws SQLException {
    return new ErrorRecord(
        Instant.ofEpochMilli(row.getLong("created_at")), row.getString("provider"),
        Optional.ofNullable(row.getString("key_id")).map(String::strip),
        Optional.ofNullable(row.getString("model")), row.getInt("status"),
        row.getString("failure"), Optional.ofNullable(row.getString("error_code")),
        row.getString("upstream_body"), Optional.ofNullable(row.getString("request_body")));
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
