package io.openaibalance;

import io.openaibalance.config.InvalidSettingsException;
import io.openaibalance.config.Settings;
import io.openaibalance.config.SettingsLoader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the gateway from {@code .env} and the environment; exits 2 on invalid configuration. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    SettingsLoader loader =
        new SettingsLoader(Path.of("").toAbsolutePath(), System.getenv(), Map.of());
    Settings settings;
    try {
      settings = loader.load();
    } catch (InvalidSettingsException e) {
      System.err.println("OpenAI Balance cannot start: the configuration is invalid.");
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    LogLevels.apply(settings.logLevel());
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    Application.start(vertx, loader, settings, Clock.systemUTC())
        .onSuccess(app -> {
          LOG.info("OpenAI Balance listening on http://{}:{} ({} providers, {} keys, native transport: {})",
              settings.host(), app.port(), settings.providers().size(),
              settings.providers().stream().mapToInt(p -> p.apiKeys().size()).sum(),
              vertx.isNativeTransportEnabled());
          Runtime.getRuntime().addShutdownHook(new Thread(() -> app.close()
              .toCompletionStage().toCompletableFuture().join(), "shutdown"));
        })
        .onFailure(failure -> {
          LOG.error("OpenAI Balance could not start: {}", failure.getMessage());
          System.exit(1);
        });
  }
}
