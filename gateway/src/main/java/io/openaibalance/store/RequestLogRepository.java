package io.openaibalance.store;

import io.openaibalance.relay.RequestRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Writes {@code request_log} rows in batches and reads them back (newest first). */
public final class RequestLogRepository {
  private static final String INSERT = "INSERT INTO request_log (created_at, provider, key_id,"
      + " model, status, latency_ms, first_byte_ms, stream, attempts, token_id, prompt_tokens,"
      + " completion_tokens, total_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final Database database;

  public RequestLogRepository(Database database) {
    this.database = database;
  }

  public void insertAll(Collection<RequestRecord> records) throws SQLException {
    database.executeBatch(INSERT, records, RequestLogRepository::bind);
  }

  /** Inserts within the caller's transaction, so the aggregates can join it. */
  public void insertAll(Connection connection, Collection<RequestRecord> records) throws SQLException {
    Database.executeBatch(connection, INSERT, records, RequestLogRepository::bind);
  }

  private static void bind(PreparedStatement insert, RequestRecord record) throws SQLException {
    insert.setLong(1, record.at().toEpochMilli());
    insert.setString(2, record.provider());
    insert.setString(3, record.keyId().orElse(null));
    insert.setString(4, record.model().map(m -> m.length() > 128 ? m.substring(0, 128) : m)
          .orElse(null));
    insert.setInt(5, record.status());
    insert.setLong(6, record.latencyMillis());
    setNullable(insert, 7, record.firstByteMillis());
    insert.setBoolean(8, record.stream());
    insert.setInt(9, record.attempts());
    insert.setString(10, record.tokenId().orElse(null));
    setNullable(insert, 11, record.usage().map(RequestRecord.Usage::promptTokens));
    setNullable(insert, 12, record.usage().map(RequestRecord.Usage::completionTokens));
    setNullable(insert, 13, record.usage().map(RequestRecord.Usage::totalTokens));
  }

  /** The newest {@code limit} rows. */
  public List<RequestRecord> newest(int limit) throws SQLException {
    List<RequestRecord> records = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT * FROM request_log ORDER BY created_at DESC, id DESC LIMIT ?")) {
      query.setInt(1, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          records.add(read(rows));
        }
      }
    }
    return records;
  }

  static RequestRecord read(ResultSet row) throws SQLException {
    Optional<Long> firstByte = nullableLong(row, "first_byte_ms");
    Optional<Long> prompt = nullableLong(row, "prompt_tokens");
    Optional<Long> completion = nullableLong(row, "completion_tokens");
    Optional<Long> total = nullableLong(row, "total_tokens");
    Optional<RequestRecord.Usage> usage = total.map(t -> new RequestRecord.Usage(
        prompt.orElse(0L), completion.orElse(0L), t));
    return new RequestRecord(Instant.ofEpochMilli(row.getLong("created_at")),
        row.getString("provider"), Optional.ofNullable(row.getString("key_id")),
        Optional.ofNullable(row.getString("model")), row.getInt("status"),
        row.getLong("latency_ms"), firstByte, row.getBoolean("stream"), row.getInt("attempts"),
        Optional.ofNullable(row.getString("token_id")), usage);
  }

  private static Optional<Long> nullableLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(value);
  }

  private static void setNullable(PreparedStatement statement, int index, Optional<Long> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, value.get());
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }
}
