package io.openaibalance.store;

import io.openaibalance.keys.KeyHealth;
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

/**
 * Reads and writes {@code key_state}. Blocking JDBC: callers are the write-behind worker and start
 * up, never an event loop.
 */
public final class KeyStateRepository {
  private static final String[] KEY_COLUMNS = {"provider", "key_id"};
  private static final String[] COLUMNS = {"provider", "key_id", "masked_key", "failures",
      "disabled", "cooling_until", "last_error", "last_error_at", "updated_at"};

  private final Database database;
  private final String upsert;

  public KeyStateRepository(Database database) {
    this.database = database;
    this.upsert = database.dialect().upsert("key_state", KEY_COLUMNS, COLUMNS);
  }

  /** Writes every state in one transaction, one batch: the last write of a key wins. */
  public void saveAll(Collection<StoredKeyState> states) throws SQLException {
    database.executeBatch(upsert, states, KeyStateRepository::bind);
  }

  /**
   * Deletes the rows of keys that left the configuration, by slot ({@code provider/keyId}). Rows of
   * keys the admin added stay: only the admin removes those.
   */
  public void deleteConfiguredKeys(Collection<String> slots) throws SQLException {
    database.executeBatch(
        "DELETE FROM key_state WHERE provider = ? AND key_id = ? AND source = 'env'", slots,
        (statement, slot) -> {
          int split = slot.lastIndexOf('/');
          statement.setString(1, slot.substring(0, split));
          statement.setString(2, slot.substring(split + 1));
        });
  }

  public List<StoredKeyState> loadAll() throws SQLException {
    List<StoredKeyState> states = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(
            "SELECT " + String.join(", ", COLUMNS) + " FROM key_state ORDER BY provider, key_id");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        states.add(read(rows));
      }
    }
    return states;
  }

  private static void bind(PreparedStatement statement, StoredKeyState state) throws SQLException {
    KeyHealth health = state.health();
    statement.setString(1, state.provider());
    statement.setString(2, state.keyId());
    statement.setString(3, state.maskedKey());
    statement.setInt(4, health.failures());
    statement.setBoolean(5, health.disabled());
    statement.setLong(6, health.coolingUntil().toEpochMilli());
    statement.setString(7, health.lastError().map(KeyStateRepository::fit).orElse(null));
    if (health.lastErrorAt().isPresent()) {
      statement.setLong(8, health.lastErrorAt().get().toEpochMilli());
    } else {
      statement.setNull(8, Types.BIGINT);
    }
    statement.setLong(9, state.updatedAt().toEpochMilli());
  }

  private static StoredKeyState read(ResultSet row) throws SQLException {
    long lastErrorAt = row.getLong("last_error_at");
    Optional<Instant> lastErrorTime =
        row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastErrorAt));
    KeyHealth health = new KeyHealth(
        row.getInt("failures"),
        row.getBoolean("disabled"),
        Instant.ofEpochMilli(row.getLong("cooling_until")),
        Optional.ofNullable(row.getString("last_error")),
        lastErrorTime);
    return new StoredKeyState(row.getString("provider"), row.getString("key_id"),
        row.getString("masked_key"), health, Instant.ofEpochMilli(row.getLong("updated_at")));
  }

  private static String fit(String error) {
    return error.length() <= 255 ? error : error.substring(0, 255);
  }
}
