package io.openaibalance;

import io.openaibalance.config.AdminLayer;
import io.openaibalance.config.InvalidSettingsException;
import io.openaibalance.config.Settings;
import io.openaibalance.config.SettingsLoader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.openaibalance.store.Persistence;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.function.Supplier;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the gateway from {@code .env} and the environment; exits 2 on invalid configuration. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    Path workingDir = Path.of("").toAbsolutePath();
    Map<String, String> environment = System.getenv();
    // The database variables never come from the admin layer (it is in the database), so a
    // first load without it says where the database is; the second load includes it.
    Settings bootstrap = loadOrExit(
        new SettingsLoader(workingDir, environment, () -> AdminLayer.EMPTY));
    LogLevels.apply(bootstrap.logLevel());
    Clock clock = Clock.systemUTC();
    Persistence persistence;
    try {
      persistence = Persistence.open(bootstrap.database(), Path.of("data").toAbsolutePath(), clock);
    } catch (RuntimeException e) {
      // A database that is down is waited for in the background; this is one whose content
      // cannot be used (a secret sealed with another ENCRYPTION_KEY, an unreadable key file).
      System.err.println("OpenAI Balance cannot start: the " + bootstrap.database().type()
          + " database cannot be used (" + e.getClass().getSimpleName() + ": "
          + firstLine(e.getMessage()) + ").");
      System.exit(1);
      return;
    }
    Supplier<AdminLayer> adminLayer;
    try {
      adminLayer = AdminToken.ensure(
          loadOrExit(new SettingsLoader(workingDir, environment, persistence::adminLayer)),
          persistence);
    } catch (SQLException e) {
      LOG.warn("Could not store a generated AUTH_TOKEN ({}); the admin API is off until one is"
          + " set", e.getClass().getSimpleName());
      adminLayer = persistence::adminLayer;
    }
    SettingsLoader loader = new SettingsLoader(workingDir, environment, adminLayer);
    Settings settings = loadOrExit(loader);
    LogLevels.apply(settings.logLevel());
    // One event loop per core: Vert.x's default of two per core only adds context switches for a
    // proxy whose event loops never block.
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true)
        .setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
    Application.start(vertx, loader, settings, clock, persistence)
        .onSuccess(app -> {
          LOG.info("OpenAI Balance listening on http://{}:{} ({} providers, {} keys, {} database,"
                  + " native transport: {})",
              settings.host(), app.port(), settings.providers().size(),
              settings.providers().stream().mapToInt(p -> p.apiKeys().size()).sum(),
              settings.database().type(), vertx.isNativeTransportEnabled());
          Runtime.getRuntime().addShutdownHook(new Thread(() -> app.close()
              .toCompletionStage().toCompletableFuture().join(), "shutdown"));
        })
        .onFailure(failure -> {
          LOG.error("OpenAI Balance could not start: {}", failure.getMessage());
          System.exit(1);
        });
  }

  private static Settings loadOrExit(SettingsLoader loader) {
    try {
      return loader.load();
    } catch (InvalidSettingsException e) {
      System.err.println("OpenAI Balance cannot start: the configuration is invalid.");
      System.err.println(e.getMessage());
      System.exit(2);
      throw e;
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
