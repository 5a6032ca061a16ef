package io.openaibalance.store;

import io.openaibalance.secret.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the state lives: a JDBC URL for one of the {@link Dialect}s, and its credentials.
 *
 * @param jdbcUrl e.g. {@code jdbc:sqlite:./data/default_db.db}
 * @param user empty for SQLite
 * @param password empty when none
 */
public record DatabaseConfig(Dialect dialect, String jdbcUrl, String user, Optional<Secret> password) {

  public DatabaseConfig {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  public static DatabaseConfig sqlite(java.nio.file.Path file) {
    return new DatabaseConfig(Dialect.SQLITE, "jdbc:sqlite:" + file, "", Optional.empty());
  }

  public static DatabaseConfig mysql(String host, int port, String database, String user,
      Optional<Secret> password) {
    return new DatabaseConfig(Dialect.MYSQL,
        "jdbc:mariadb://" + host + ":" + port + "/" + database, user, password);
  }

  public static DatabaseConfig postgres(String host, int port, String database, String user,
      Optional<Secret> password) {
    return new DatabaseConfig(Dialect.POSTGRES,
        "jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
  }

  @Override
  public String toString() {
    return dialect + " " + jdbcUrl + " as '" + user + "'";
  }
}
