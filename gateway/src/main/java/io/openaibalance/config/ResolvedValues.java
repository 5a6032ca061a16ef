package io.openaibalance.config;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The winning text of every known variable and the layer it came from: admin override, then
 * environment, then {@code .env}, then the default (DESIGN.md, invariant 8).
 *
 * <p>A blank value still wins its layer (so the environment can blank out a {@code .env} value),
 * and a blank value means the variable's default.
 */
final class ResolvedValues {
  private record Value(String text, ValueSource source) {}

  private final Map<Variable, Value> values;

  private ResolvedValues(Map<Variable, Value> values) {
    this.values = values;
  }

  /** Names that are not in {@link Variable} are ignored: the environment also holds PATH etc. */
  static ResolvedValues resolve(
      Map<String, String> overrides, Map<String, String> environment, Map<String, String> dotEnv) {
    Map<Variable, Value> values = new EnumMap<>(Variable.class);
    for (Variable variable : Variable.values()) {
      String name = variable.name();
      boolean fromEnvironmentOnly = variable.use() == Variable.Use.ENVIRONMENT_ONLY;
      boolean overridable = variable.use() == Variable.Use.SETTINGS;
      Value value;
      if (overridable && overrides.get(name) != null) {
        value = new Value(overrides.get(name), ValueSource.ADMIN);
      } else if (environment.get(name) != null) {
        value = new Value(environment.get(name), ValueSource.ENVIRONMENT);
      } else if (!fromEnvironmentOnly && dotEnv.get(name) != null) {
        value = new Value(dotEnv.get(name), ValueSource.DOTENV_FILE);
      } else {
        value = new Value(variable.defaultValue(), ValueSource.DEFAULT);
      }
      values.put(variable, value);
    }
    return new ResolvedValues(values);
  }

  /** The effective text: the winning value, or the default when that is blank. */
  String text(Variable variable) {
    String text = values.get(variable).text();
    return text.isBlank() ? variable.defaultValue() : text;
  }

  ValueSource source(Variable variable) {
    return values.get(variable).source();
  }

  /** The winning text as written (blank when it is the default), for the admin pages. */
  String written(Variable variable) {
    return values.get(variable).text();
  }

  /** Every variable's source, by name, for {@link Settings#sources()}. */
  Map<String, ValueSource> sources() {
    Map<String, ValueSource> sources = new LinkedHashMap<>();
    values.forEach((variable, value) -> sources.put(variable.name(), value.source()));
    return sources;
  }
}
