package io.openaibalance.bench.target;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One gateway configuration to measure, e.g. {@code sqlite:DATABASE_TYPE=sqlite}: a name and the
 * .env variables added to the harness's own.
 */
public record GatewayVariant(String name, Map<String, String> variables) {
  /** Variables are split at a colon that starts a new {@code NAME=}, so values may hold colons. */
  private static final Pattern NEXT_VARIABLE = Pattern.compile(":(?=[A-Z][A-Z0-9_]*=)");
  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern VARIANT_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  public GatewayVariant {
    Objects.requireNonNull(name, "name");
    variables = Map.copyOf(variables);
  }

  /** The variant measured when none is named: the gateway with the harness's .env only. */
  public static GatewayVariant plain() {
    return new GatewayVariant("", Map.of());
  }

  /**
   * Parses {@code NAME[:VAR=VALUE[:VAR=VALUE...]]}.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public static GatewayVariant parse(String text) {
    String[] parts = NEXT_VARIABLE.split(text, -1);
    int colon = parts[0].indexOf(':');
    String name = colon < 0 ? parts[0] : parts[0].substring(0, colon);
    if (!VARIANT_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("--gateway: '" + text
          + "' (expected NAME[:VAR=VALUE...], NAME of letters, digits, '.', '_' or '-')");
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      int equals = parts[i].indexOf('=');
      String variable = parts[i].substring(0, equals);
      if (!VARIABLE_NAME.matcher(variable).matches()) {
        throw new IllegalArgumentException("--gateway " + name + ": variable '" + variable
            + "' (expected an upper-case .env name)");
      }
      variables.put(variable, parts[i].substring(equals + 1));
    }
    if (colon >= 0 && parts.length == 1) {
      throw new IllegalArgumentException("--gateway: '" + text
          + "' (expected VAR=VALUE after '" + name + ":')");
    }
    return new GatewayVariant(name, variables);
  }

  /** The target's name in reports: {@code gateway} or {@code gateway-NAME}. */
  public String targetName() {
    return name.isEmpty() ? "gateway" : "gateway-" + name;
  }
}
