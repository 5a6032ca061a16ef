package io.openaibalance.store;

import io.openaibalance.keys.KeyEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Writes keys' histories ({@code key_event}) in batches and reads one key's, newest first. */
public final class KeyEventRepository {
  private static final String INSERT = "INSERT INTO key_event (created_at, provider, key_id, kind,"
      + " detail, until_at) VALUES (?, ?, ?, ?, ?, ?)";

  private final Database database;

  public KeyEventRepository(Database database) {
    this.database = database;
  }

  public void insertAll(Collection<KeyEvent> events) throws SQLException {
    database.executeBatch(INSERT, events, (statement, event) -> {
      statement.setLong(1, event.at().toEpochMilli());
      statement.setString(2, event.provider());
      statement.setString(3, event.keyId());
      statement.setString(4, event.kind().name().toLowerCase(Locale.ROOT));
      String detail = event.detail().orElse(null);
      statement.setString(5, detail == null || detail.length() <= 255 ? detail
          : detail.substring(0, 255));
      if (event.until().isPresent()) {
        statement.setLong(6, event.until().get().toEpochMilli());
      } else {
        statement.setNull(6, Types.BIGINT);
      }
    });
  }

  /** The newest {@code limit} events of the key with this id. */
  public List<KeyEvent> history(String keyId, int limit) throws SQLException {
    List<KeyEvent> events = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT created_at, provider,"
            + " key_id, kind, detail, until_at FROM key_event WHERE key_id = ?"
            + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
      query.setString(1, keyId);
      query.setInt(2, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          long until = rows.getLong("until_at");
          Optional<Instant> untilAt =
              rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(until));
          events.add(new KeyEvent(Instant.ofEpochMilli(rows.getLong("created_at")),
              rows.getString("provider"), rows.getString("key_id").strip(),
              KeyEvent.Kind.valueOf(rows.getString("kind").toUpperCase(Locale.ROOT)),
              Optional.ofNullable(rows.getString("detail")), untilAt));
        }
      }
    }
    return events;
  }
}
