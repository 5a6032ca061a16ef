package io.openaibalance.config;

import static io.openaibalance.config.Variable.DATABASE_TYPE;
import static io.openaibalance.config.Variable.ENCRYPTION_KEY;
import static io.openaibalance.config.Variable.REDIS_KEY_PREFIX;
import static io.openaibalance.config.Variable.REDIS_URL;

import io.openaibalance.secret.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code REDIS_URL} and {@code REDIS_KEY_PREFIX} into {@link ClusterSettings}, and refuses
 * cluster mode over a database the instances cannot share.
 */
final class ClusterVariables {
  private static final String URL_FORM = "redis://[[user]:password@]host[:port][/db] or rediss://...";
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final ValueParser parser;

  ClusterVariables(ValueParser parser) {
    this.parser = parser;
  }

  ClusterSettings parse(ResolvedValues values, DatabaseSettings database) {
    String prefix = values.text(REDIS_KEY_PREFIX).strip();
    if (!PREFIX.matcher(prefix).matches()) {
      parser.problems().add(REDIS_KEY_PREFIX.name(), Problems.show(prefix, false),
          "1 to 64 letters, digits or . _ : -");
      prefix = REDIS_KEY_PREFIX.defaultValue();
    }
    String url = values.text(REDIS_URL).strip();
    if (url.isEmpty()) {
      return new ClusterSettings(Optional.empty(), prefix);
    }
    if (!validUrl(url)) {
      parser.problems().add(REDIS_URL.name(), Problems.show(ClusterSettings.masked(url), false),
          URL_FORM);
    }
    if (!database.type().equals("mysql") && !database.type().equals("postgres")) {
      parser.problems().addLine(REDIS_URL.name() + " is set (cluster mode), but "
          + DATABASE_TYPE.name() + " is " + database.type() + " (expected " + DATABASE_TYPE.name()
          + "=mysql or postgres: every instance of a cluster must use one shared database;"
          + " unset " + REDIS_URL.name() + " to run a single instance)");
    }
    if (database.encryptionKey().isEmpty()) {
      // Without it each instance would make its own key file, and could not open what another
      // instance's admin saved.
      parser.problems().addLine(REDIS_URL.name() + " is set (cluster mode), but "
          + ENCRYPTION_KEY.name() + " is not (expected the same passphrase on every instance)");
    }
    return new ClusterSettings(Optional.of(Secret.of(url)), prefix);
  }

  private static boolean validUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
      String path = Optional.ofNullable(uri.getPath()).orElse("");
      return (scheme.equals("redis") || scheme.equals("rediss")) && uri.getHost() != null
          && uri.getPort() <= 65_535 && (path.isEmpty() || path.equals("/")
          || path.substring(1).matches("\\d{1,5}"));
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
