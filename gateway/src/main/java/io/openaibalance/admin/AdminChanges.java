package io.openaibalance.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openaibalance.config.AdminLayer;
import io.openaibalance.config.InvalidSettingsException;
import io.openaibalance.config.Settings;
import io.openaibalance.config.SettingsHolder;
import io.openaibalance.config.SettingsLoader;
import io.openaibalance.config.Variable;
import io.openaibalance.secret.Secret;
import io.openaibalance.store.AdminStore;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Every change the admin makes to the configuration, made safely: the whole configuration with
 * the change is validated first, then saved in one transaction, then swapped in for live traffic.
 * An invalid change saves nothing and changes nothing; a failed save changes nothing either.
 *
 * <p>Blocking (it writes to the database): call it from a worker thread. Changes are serialised.
 */
public final class AdminChanges {
  @FunctionalInterface
  private interface Save {
    AdminLayer to(AdminStore store) throws SQLException;
  }

  private final AdminStore store;
  private final SettingsLoader loader;
  private final SettingsHolder holder;

  public AdminChanges(AdminStore store, SettingsLoader loader, SettingsHolder holder) {
    this.store = Objects.requireNonNull(store, "store");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.holder = Objects.requireNonNull(holder, "holder");
  }

  /**
   * Sets (present value) or removes (empty) setting overrides, all or none.
   *
   * @throws InvalidSettingsException naming every problem; nothing was saved
   */
  public Settings saveOverrides(Map<Variable, Optional<String>> changes) throws SQLException {
    for (Variable variable : changes.keySet()) {
      if (variable.use() == Variable.Use.BOOTSTRAP
          || variable.use() == Variable.Use.ENVIRONMENT_ONLY) {
        throw new IllegalArgumentException(variable.name()
            + " is read from the environment and .env only, never from a saved setting");
      }
    }
    return apply(layer -> layer.withOverrides(changes), store -> store.saveOverrides(changes));
  }

  public Settings addKey(String provider, Secret key, Optional<String> label)
      throws SQLException {
    return apply(layer -> layer.withKey(provider, key), store -> store.addKey(provider, key, label));
  }

  /** Adds a pasted batch of keys in one transaction and one configuration swap. */
  public Settings addKeys(String provider, java.util.List<Secret> keys, Optional<String> label)
      throws SQLException {
    return apply(layer -> layer.withKeys(provider, keys),
        store -> store.addKeys(provider, keys, label));
  }

  public Settings removeKey(String provider, String keyId) throws SQLException {
    return removeKeys(Map.of(provider, Set.of(keyId)));
  }

  /** Removes added keys (ids by provider) in one transaction and one configuration swap. */
  public Settings removeKeys(Map<String, Set<String>> keyIds) throws SQLException {
    return apply(layer -> layer.withoutKeys(keyIds), store -> store.removeKeys(keyIds));
  }

  public Settings saveProvider(ObjectNode entry) throws SQLException {
    return apply(layer -> layer.withProvider(entry), store -> store.saveProvider(entry));
  }

  public Settings removeProvider(String name) throws SQLException {
    return apply(layer -> layer.withoutProvider(name), store -> store.removeProvider(name));
  }

  private synchronized Settings apply(UnaryOperator<AdminLayer> change, Save save)
      throws SQLException {
    loader.load(change.apply(store.current()));
    save.to(store);
    Settings settings = loader.load();
    holder.replace(settings);
    return settings;
  }
}
