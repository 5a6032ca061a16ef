package io.openaibalance.config;

import io.openaibalance.secret.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the gateway keeps its state ({@code DATABASE_TYPE} and the {@code SQLITE_}, {@code
 * MYSQL_} or {@code POSTGRES_} variables of that type, or {@code DATABASE_URL}) and how it opens
 * what the admin saved there ({@code ENCRYPTION_KEY}).
 *
 * @param type {@code sqlite}, {@code mysql}, {@code postgres} or {@code memory} (nothing stored)
 * @param sqliteDatabase the SQLite file, relative to {@code ./data} unless absolute
 * @param host server host (mysql, postgres)
 * @param port server port (mysql, postgres)
 * @param socket a Unix socket to reach MySQL/MariaDB through instead of host and port
 * @param options extra JDBC URL parameters ({@code sslmode=require} from a {@code DATABASE_URL})
 * @param encryptionKey the passphrase that seals stored secrets; empty: a key file in {@code ./data}
 */
public record DatabaseSettings(
    String type,
    String sqliteDatabase,
    String host,
    int port,
    String user,
    Optional<Secret> password,
    String database,
    Optional<String> socket,
    String options,
    Optional<Secret> encryptionKey) {

  public DatabaseSettings {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(sqliteDatabase, "sqliteDatabase");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(encryptionKey, "encryptionKey");
  }

  /** Whether state is kept at all ({@code DATABASE_TYPE=memory} keeps none). */
  public boolean persistent() {
    return !type.equals("memory");
  }
}
