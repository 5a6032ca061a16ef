package io.openaibalance.config;

import static io.openaibalance.config.Variable.DATABASE_TYPE;
import static io.openaibalance.config.Variable.DATABASE_URL;
import static io.openaibalance.config.Variable.ENCRYPTION_KEY;
import static io.openaibalance.config.Variable.MYSQL_DATABASE;
import static io.openaibalance.config.Variable.MYSQL_HOST;
import static io.openaibalance.config.Variable.MYSQL_PASSWORD;
import static io.openaibalance.config.Variable.MYSQL_PORT;
import static io.openaibalance.config.Variable.MYSQL_SOCKET;
import static io.openaibalance.config.Variable.MYSQL_USER;
import static io.openaibalance.config.Variable.POSTGRES_DATABASE;
import static io.openaibalance.config.Variable.POSTGRES_HOST;
import static io.openaibalance.config.Variable.POSTGRES_PASSWORD;
import static io.openaibalance.config.Variable.POSTGRES_PORT;
import static io.openaibalance.config.Variable.POSTGRES_USER;
import static io.openaibalance.config.Variable.SQLITE_DATABASE;

import io.openaibalance.secret.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Reads the database variables into {@link DatabaseSettings}, reporting problems by name. */
final class DatabaseVariables {
  private static final String TYPES = "sqlite, mysql, postgres or memory";

  private final ValueParser parser;

  DatabaseVariables(ValueParser parser) {
    this.parser = parser;
  }

  DatabaseSettings parse(ResolvedValues values) {
    String type = values.text(DATABASE_TYPE).strip().toLowerCase(Locale.ROOT);
    String sqlite = values.text(SQLITE_DATABASE).strip();
    Optional<Secret> encryptionKey = secret(values, ENCRYPTION_KEY);
    return switch (type) {
      case "mysql" -> new DatabaseSettings("mysql", sqlite, values.text(MYSQL_HOST).strip(),
          parser.integer(MYSQL_PORT.name(), values.text(MYSQL_PORT), 1, 65_535, 3306),
          values.text(MYSQL_USER).strip(), secret(values, MYSQL_PASSWORD),
          values.text(MYSQL_DATABASE).strip(), text(values, MYSQL_SOCKET), "", encryptionKey);
      case "postgres", "postgresql" -> postgres(values, sqlite, encryptionKey);
      case "memory" -> new DatabaseSettings("memory", sqlite, "", 0, "", Optional.empty(), "",
          Optional.empty(), "", encryptionKey);
      default -> {
        if (!type.equals("sqlite")) {
          parser.problems().add(DATABASE_TYPE.name(), Problems.show(type, false), TYPES);
        }
        if (sqlite.isEmpty()) {
          parser.problems().add(SQLITE_DATABASE.name(), Problems.show(sqlite, false),
              "a file name");
        }
        yield new DatabaseSettings("sqlite", sqlite, "", 0, "", Optional.empty(), "",
            Optional.empty(), "", encryptionKey);
      }
    };
  }

  private DatabaseSettings postgres(
      ResolvedValues values, String sqlite, Optional<Secret> encryptionKey) {
    Optional<String> url = text(values, DATABASE_URL);
    if (url.isPresent()) {
      Optional<DatabaseSettings> parsed = postgresUrl(url.get(), sqlite, encryptionKey);
      if (parsed.isPresent()) {
        return parsed.get();
      }
      parser.problems().add(DATABASE_URL.name(), Problems.show(url.get(), true),
          "postgres://user:password@host:port/database");
    }
    return new DatabaseSettings("postgres", sqlite, values.text(POSTGRES_HOST).strip(),
        parser.integer(POSTGRES_PORT.name(), values.text(POSTGRES_PORT), 1, 65_535, 5432),
        values.text(POSTGRES_USER).strip(), secret(values, POSTGRES_PASSWORD),
        values.text(POSTGRES_DATABASE).strip(), Optional.empty(), "", encryptionKey);
  }

  /** {@code postgres[ql]://user:password@host[:port]/database[?options]}, as platforms give it. */
  private static Optional<DatabaseSettings> postgresUrl(
      String text, String sqlite, Optional<Secret> encryptionKey) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    String path = Optional.ofNullable(uri.getPath()).orElse("");
    if (!(scheme.equals("postgres") || scheme.equals("postgresql")) || uri.getHost() == null
        || path.length() < 2) {
      return Optional.empty();
    }
    String user = "";
    Optional<Secret> password = Optional.empty();
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      if (parts.length == 2 && !parts[1].isEmpty()) {
        password = Optional.of(Secret.of(decode(parts[1])));
      }
    }
    return Optional.of(new DatabaseSettings("postgres", sqlite, uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(), user, password, decode(path.substring(1)),
        Optional.empty(), Optional.ofNullable(uri.getRawQuery()).orElse(""), encryptionKey));
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static Optional<String> text(ResolvedValues values, Variable variable) {
    String text = values.text(variable).strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static Optional<Secret> secret(ResolvedValues values, Variable variable) {
    return text(values, variable).map(Secret::of);
  }
}
