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
    return mysql(host, port, Optional.empty(), database, user, password);
  }

  /** @param socket a Unix socket path, used instead of host and port (MariaDB's localSocket) */
  public static DatabaseConfig mysql(String host, int port, Optional<String> socket,
      String database, String user, Optional<Secret> password) {
    String url = "jdbc:mariadb://" + host + ":" + port + "/" + database
        + socket.map(path -> "?localSocket=" + path).orElse("");
    return new DatabaseConfig(Dialect.MYSQL, url, user, password);
  }

  public static DatabaseConfig postgres(String host, int port, String database, String user,
      Optional<Secret> password) {
    return postgres(host, port, database, "", user, password);
  }

  /** @param options JDBC URL parameters such as {@code sslmode=require}; empty for none */
  public static DatabaseConfig postgres(String host, int port, String database, String options,
      String user, Optional<Secret> password) {
    return new DatabaseConfig(Dialect.POSTGRES, "jdbc:postgresql://" + host + ":" + port + "/"
        + database + (options.isEmpty() ? "" : "?" + options), user, password);
  }

  @Override
  public String toString() {
    // URL parameters may carry credentials (password=, sslpassword=): never printed.
    int query = jdbcUrl.indexOf('?');
    return dialect + " " + (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...")
        + " as '" + user + "'";
  }
}
