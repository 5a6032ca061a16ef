package io.openaibalance.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openaibalance.config.AdminLayer;
import io.openaibalance.config.Variable;
import io.openaibalance.secret.Secret;
import io.openaibalance.secret.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the admin saved (setting overrides, providers, added keys), kept in the database and held
 * in memory as one {@link AdminLayer} for the settings loader to read. Each change is written in
 * one transaction before the layer in memory is swapped, so a failed write changes nothing.
 * Credentials are sealed with the {@link SecretBox} before they reach a table.
 *
 * <p>Blocking JDBC: admin actions call it from a worker thread, never from an event loop.
 */
public final class AdminStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Database database;
  private final SecretBox box;
  private final Clock clock;
  private final AtomicReference<AdminLayer> current;
  private final List<Runnable> savedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Empty until {@link #refresh()} reads what the admin saved. */
  AdminStore(Database database, SecretBox box, Clock clock) {
    this.database = database;
    this.box = box;
    this.clock = clock;
    this.current = new AtomicReference<>(AdminLayer.EMPTY);
  }

  /** Reads what the admin saved into memory. */
  void refresh() throws SQLException {
    reload();
  }

  /** The layer as saved; a plain read. */
  public AdminLayer current() {
    return current.get();
  }

  /**
   * Saves setting overrides: a present value sets one, an empty one removes it. Values of secret
   * variables are sealed.
   */
  public synchronized AdminLayer saveOverrides(Map<Variable, Optional<String>> changes)
      throws SQLException {
    long now = clock.millis();
    database.inTransaction(connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
              "DELETE FROM setting_override WHERE name = ?");
          PreparedStatement insert = connection.prepareStatement(
              "INSERT INTO setting_override (name, setting_value, sealed, updated_at)"
                  + " VALUES (?, ?, ?, ?)")) {
        for (Map.Entry<Variable, Optional<String>> change : changes.entrySet()) {
          Variable variable = change.getKey();
          delete.setString(1, variable.name());
          delete.executeUpdate();
          if (change.getValue().isPresent()) {
            String value = change.getValue().get();
            insert.setString(1, variable.name());
            insert.setString(2, variable.secret() ? box.seal(value) : value);
            insert.setBoolean(3, variable.secret());
            insert.setLong(4, now);
            insert.executeUpdate();
          }
        }
      }
    });
    return saved();
  }

  /**
   * Adds a key to a provider (the provider need not exist yet), sealed, with a label for the
   * admin pages. Adding a key twice keeps one row with the newer label.
   */
  public synchronized AdminLayer addKey(String provider, Secret key, Optional<String> label)
      throws SQLException {
    return addKeys(provider, List.of(key), label);
  }

  /** Adds many keys in one transaction (a pasted batch); the same as {@link #addKey} each. */
  public synchronized AdminLayer addKeys(String provider, List<Secret> keys,
      Optional<String> label) throws SQLException {
    String upsert = database.dialect().upsert("key_state",
        new String[] {"provider", "key_id"},
        new String[] {"provider", "key_id", "source", "label", "sealed_key", "masked_key",
            "failures", "disabled", "cooling_until", "updated_at"},
        3);
    long now = clock.millis();
    database.executeBatch(upsert, keys, (statement, key) -> {
      statement.setString(1, provider);
      statement.setString(2, key.id());
      statement.setString(3, "admin");
      statement.setString(4, label.map(AdminStore::fitLabel).orElse(null));
      statement.setString(5, box.seal(key.reveal()));
      statement.setString(6, key.masked());
      statement.setInt(7, 0);
      statement.setBoolean(8, false);
      statement.setLong(9, 0);
      statement.setLong(10, now);
    });
    return saved();
  }

  /** Removes a key the admin added; its state row goes with it. */
  public synchronized AdminLayer removeKey(String provider, String keyId) throws SQLException {
    return removeKeys(Map.of(provider, Set.of(keyId)));
  }

  /** Removes keys the admin added (key ids by provider) in one transaction. */
  public synchronized AdminLayer removeKeys(Map<String, Set<String>> keyIds)
      throws SQLException {
    database.inTransaction(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "DELETE FROM key_state WHERE provider = ? AND key_id = ? AND source = 'admin'")) {
        for (Map.Entry<String, Set<String>> provider : keyIds.entrySet()) {
          for (String keyId : provider.getValue()) {
            statement.setString(1, provider.getKey());
            statement.setString(2, keyId);
            statement.addBatch();
          }
        }
        statement.executeBatch();
      }
    });
    return saved();
  }

  /** The labels the admin gave keys, by provider and key id. */
  public Map<String, Map<String, String>> labels() throws SQLException {
    Map<String, Map<String, String>> labels = new HashMap<>();
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT provider, key_id, label FROM key_state WHERE label IS NOT NULL");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        labels.computeIfAbsent(rows.getString(1), p -> new HashMap<>())
            .put(rows.getString(2).strip(), rows.getString(3));
      }
    }
    return labels;
  }

  /**
   * Saves a provider entry in the {@code PROVIDERS_CONFIG} schema, replacing one of the same
   * name. Its {@code api_keys} are not kept here: keys are added with {@link #addKey}.
   */
  public synchronized AdminLayer saveProvider(ObjectNode entry) throws SQLException {
    String name = Objects.requireNonNull(entry.path("name").textValue(), "provider name").strip();
    ObjectNode stored = entry.deepCopy();
    stored.remove("api_keys");
    String sealed;
    try {
      sealed = box.seal(JSON.writeValueAsString(stored));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a provider entry that cannot be written as JSON", e);
    }
    long now = clock.millis();
    database.inTransaction(connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
              "DELETE FROM provider_entry WHERE name = ?");
          PreparedStatement insert = connection.prepareStatement(
              "INSERT INTO provider_entry (name, sealed_config, updated_at) VALUES (?, ?, ?)")) {
        delete.setString(1, name);
        delete.executeUpdate();
        insert.setString(1, name);
        insert.setString(2, sealed);
        insert.setLong(3, now);
        insert.executeUpdate();
      }
    });
    return saved();
  }

  /** Removes a provider the admin added; keys added to it stay until removed. */
  public synchronized AdminLayer removeProvider(String name) throws SQLException {
    database.inTransaction(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "DELETE FROM provider_entry WHERE name = ?")) {
        statement.setString(1, name);
        statement.executeUpdate();
      }
    });
    return saved();
  }

  /**
   * Calls {@code listener} after every change saved here (not after {@link #refresh()}), on the
   * saving thread: in a cluster, the other instances are told to read the layer again.
   */
  public void onSaved(Runnable listener) {
    savedListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  private AdminLayer saved() throws SQLException {
    AdminLayer layer = reload();
    savedListeners.forEach(Runnable::run);
    return layer;
  }

  private AdminLayer reload() throws SQLException {
    AdminLayer layer = read();
    current.set(layer);
    return layer;
  }

  private AdminLayer read() throws SQLException {
    Map<String, String> overrides = new LinkedHashMap<>();
    Map<String, ObjectNode> providers = new LinkedHashMap<>();
    Map<String, List<Secret>> keys = new LinkedHashMap<>();
    try (Connection connection = database.dataSource().getConnection()) {
      try (PreparedStatement query = connection.prepareStatement(
              "SELECT name, setting_value, sealed FROM setting_override ORDER BY name");
          ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String value = rows.getString("setting_value");
          overrides.put(rows.getString("name"), rows.getBoolean("sealed") ? box.open(value) : value);
        }
      }
      try (PreparedStatement query = connection.prepareStatement(
              "SELECT name, sealed_config FROM provider_entry ORDER BY name");
          ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          providers.put(rows.getString("name"), providerEntry(rows.getString("sealed_config")));
        }
      }
      try (PreparedStatement query = connection.prepareStatement("SELECT provider, sealed_key"
              + " FROM key_state WHERE source = 'admin' ORDER BY updated_at, key_id");
          ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          keys.computeIfAbsent(rows.getString("provider"), p -> new ArrayList<>())
              .add(Secret.of(box.open(rows.getString("sealed_key"))));
        }
      }
    }
    return new AdminLayer(overrides, providers, keys);
  }

  private ObjectNode providerEntry(String sealed) {
    try {
      return (ObjectNode) JSON.readTree(box.open(sealed));
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("a stored provider entry is not a JSON object");
    }
  }

  private static String fitLabel(String label) {
    return label.length() <= 128 ? label : label.substring(0, 128);
  }
}
