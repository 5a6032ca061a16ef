package io.openaibalance.config;

import io.openaibalance.secret.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the gateway keeps its state ({@code DATABASE_TYPE} and the {@code SQLITE_}, {@code
 * MYSQL_} or {@code POSTGRES_} variables of that type).
 *
 * @param type {@code sqlite}, {@code mysql} or {@code postgres}
 * @param sqliteDatabase the SQLite file, relative to {@code ./data} unless absolute
 * @param host server host (mysql, postgres)
 * @param port server port (mysql, postgres)
 */
public record DatabaseSettings(
    String type,
    String sqliteDatabase,
    String host,
    int port,
    String user,
    Optional<Secret> password,
    String database) {

  public DatabaseSettings {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(sqliteDatabase, "sqliteDatabase");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(database, "database");
  }
}
