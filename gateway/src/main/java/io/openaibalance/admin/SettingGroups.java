package io.openaibalance.admin;

import io.openaibalance.config.Variable;
import java.util.Set;

/**
 * The section of the configuration page a setting belongs to, in the original's grouping (API,
 * providers, models, proxies, scheduler, logging) plus database and cluster for what only the
 * environment sets. Decided by name so a new variable lands somewhere sensible by itself.
 */
final class SettingGroups {
  private static final Set<String> PROVIDERS = Set.of("DEFAULT_PROVIDER", "PROVIDERS_CONFIG");
  private static final Set<String> MODELS = Set.of("MODEL_REQUEST_KEY", "TEST_MODEL",
      "FILTERED_MODELS");
  private static final Set<String> SCHEDULER = Set.of("CHECK_INTERVAL_HOURS", "TIMEZONE");

  private SettingGroups() {}

  static String of(Variable variable) {
    String name = variable.name();
    if (PROVIDERS.contains(name)) {
      return "providers";
    }
    if (MODELS.contains(name)) {
      return "models";
    }
    if (name.startsWith("PROX")) {
      return "proxies";
    }
    if (SCHEDULER.contains(name)) {
      return "scheduler";
    }
    if (name.startsWith("LOG_") || name.startsWith("ERROR_LOG") || name.startsWith("AUTO_DELETE")) {
      return "logging";
    }
    if (name.startsWith("REDIS") || name.startsWith("CLUSTER")) {
      return "cluster";
    }
    if (variable.use() == Variable.Use.BOOTSTRAP) {
      return "database";
    }
    return "api";
  }
}
