package io.openaibalance;

import io.openaibalance.config.AdminLayer;
import io.openaibalance.config.Settings;
import io.openaibalance.config.Variable;
import io.openaibalance.store.Persistence;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the admin pages have a token: when {@code AUTH_TOKEN} is set nowhere, a random one is
 * made at first start, stored (sealed) as an admin setting, and printed once. It never falls back
 * to a client token.
 */
final class AdminToken {
  private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

  private AdminToken() {}

  /**
   * The admin layer the loader should read: the stored one, with a generated {@code AUTH_TOKEN}
   * saved into it when {@code settings} has none. Without a database the token lives in memory
   * and is printed at every start.
   */
  static Supplier<AdminLayer> ensure(Settings settings, Persistence persistence)
      throws SQLException {
    if (settings.authToken().isPresent()) {
      return persistence::adminLayer;
    }
    if (!persistence.attached().isDone()) {
      // A token may be stored in the database that is not answering yet; making another would
      // replace it. The admin API stays off until the database is read.
      LOG.warn("No AUTH_TOKEN is set and the database is not readable yet: the admin API is off"
          + " until it is");
      return persistence::adminLayer;
    }
    String token = generate();
    if (persistence.admin().isPresent()) {
      persistence.admin().get()
          .saveOverrides(Map.of(Variable.AUTH_TOKEN, Optional.of(token)));
      print(token, "It is stored, sealed, in the database and shown only now.");
      return persistence::adminLayer;
    }
    print(token, "Nothing is stored (DATABASE_TYPE=memory): a new one is made at each start.");
    AdminLayer layer = AdminLayer.ofOverrides(Map.of(Variable.AUTH_TOKEN.name(), token));
    return () -> layer;
  }

  private static String generate() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return "ob-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void print(String token, String where) {
    // The one place a secret is logged, on purpose: the admin cannot log in without it.
    LOG.warn("No AUTH_TOKEN is set, so one was generated for the admin pages: {} . {} Set"
        + " AUTH_TOKEN to choose your own.", token, where);
  }
}
