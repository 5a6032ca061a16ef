package io.openaibalance.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import io.openaibalance.secret.Secret;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@link Settings} from admin overrides, the process environment and the {@code .env}
 * file, in that order of precedence, over each variable's default.
 *
 * <p>The environment is captured when the loader is made; the {@code .env} file and the admin
 * layer are read again on each {@link #load()}, which is what {@link DotEnvWatcher} relies on.
 */
public final class SettingsLoader {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsLoader.class);

  private final Path envFile;
  private final Map<String, String> environment;
  private final Supplier<AdminLayer> adminLayer;
  private final ObjectMapper json;

  /**
   * @param baseDir where a relative {@code ENV_FILE} (default {@code .env}) is found: the working
   *     directory in production, a temporary directory in tests
   * @param environment the process environment ({@code System.getenv()}); only the names in
   *     {@link Variable} are read
   * @param overrides values saved in the admin UI, by variable name; they win over everything
   */
  public SettingsLoader(
      Path baseDir, Map<String, String> environment, Map<String, String> overrides) {
    this(baseDir, environment, fixed(AdminLayer.ofOverrides(known(overrides))));
  }

  /**
   * @param adminLayer what the admin saved, read again on every build so a saved change and a
   *     {@code .env} edit both reach the next snapshot
   */
  public SettingsLoader(Path baseDir, Map<String, String> environment,
      Supplier<AdminLayer> adminLayer) {
    Objects.requireNonNull(baseDir, "baseDir");
    this.environment = known(Objects.requireNonNull(environment, "environment"));
    this.adminLayer = Objects.requireNonNull(adminLayer, "adminLayer");
    this.envFile = resolveEnvFile(baseDir, this.environment);
    this.json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  private static Supplier<AdminLayer> fixed(AdminLayer layer) {
    return () -> layer;
  }

  /** Loads once; the composition root's entry point. */
  public static Settings load(
      Path baseDir, Map<String, String> environment, Map<String, String> overrides) {
    return new SettingsLoader(baseDir, environment, overrides).load();
  }

  /**
   * Reads the {@code .env} file (a missing one is fine) and builds a snapshot.
   *
   * @throws InvalidSettingsException listing every problem found
   */
  public Settings load() {
    return load(adminLayer.get());
  }

  /**
   * Builds the snapshot the gateway would have with {@code candidate} as the admin layer, without
   * making it current: how an admin change is validated before anything is saved.
   */
  public Settings load(AdminLayer candidate) {
    byte[] content;
    try {
      content = Files.readAllBytes(envFile);
    } catch (NoSuchFileException e) {
      content = null;
    } catch (IOException e) {
      throw new InvalidSettingsException(List.of(Variable.ENV_FILE.name() + ": "
          + Problems.show(envFile.toString(), false) + " (expected a readable file, got "
          + e.getClass().getSimpleName() + ")"));
    }
    return build(content, candidate);
  }

  /**
   * Every variable as the admin pages show it: its effective text (secrets masked), where it came
   * from, and whether an admin may override it. Reads {@code .env} again: call it off the event
   * loop.
   */
  public List<VariableView> describe() {
    Map<String, String> dotEnv = Map.of();
    try {
      byte[] content = Files.readAllBytes(envFile);
      Optional<String> text = decode(content);
      if (text.isPresent()) {
        dotEnv = DotEnvParser.parse(text.get(), envFile.toString()).values();
      }
    } catch (IOException e) {
      // No file (or an unreadable one): only the other sources count, as when loading.
    }
    ResolvedValues values =
        ResolvedValues.resolve(known(adminLayer.get().overrides()), environment, dotEnv);
    List<VariableView> views = new java.util.ArrayList<>();
    for (Variable variable : Variable.values()) {
      String text = values.text(variable);
      views.add(new VariableView(variable, variable.secret() ? Secret.mask(text) : text,
          values.source(variable), variable.use() == Variable.Use.SETTINGS));
    }
    return views;
  }

  /**
   * One variable for the admin pages.
   *
   * @param value the effective text, masked ({@code sk-ab...wxyz}) when the variable is secret
   * @param overridable whether an admin override of it takes effect
   */
  public record VariableView(Variable variable, String value, ValueSource source,
      boolean overridable) {}

  /** The {@code .env} file this loader reads. */
  public Path envFile() {
    return envFile;
  }

  /**
   * Builds a snapshot from the given {@code .env} content, so the watcher parses exactly the
   * bytes it hashed.
   *
   * @param dotEnvContent the file's bytes, or null when there is no file
   */
  Settings build(byte[] dotEnvContent) {
    return build(dotEnvContent, adminLayer.get());
  }

  private Settings build(byte[] dotEnvContent, AdminLayer layer) {
    Problems problems = new Problems();
    Map<String, String> dotEnv = Map.of();
    if (dotEnvContent != null) {
      Optional<String> text = decode(dotEnvContent);
      if (text.isEmpty()) {
        problems.addLine(envFile + ": not valid UTF-8 (expected a UTF-8 text file)");
      } else {
        DotEnvParser.Result parsed = DotEnvParser.parse(text.get(), envFile.toString());
        problems.addAll(parsed.problems());
        dotEnv = parsed.values();
        logIgnoredNames(dotEnv);
      }
    }
    ResolvedValues values = ResolvedValues.resolve(known(layer.overrides()), environment, dotEnv);
    return new SettingsFactory(new ValueParser(json, problems)).build(values, layer);
  }

  private static Optional<String> decode(byte[] content) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** A misspelt name would otherwise be dropped without a trace; values are never logged. */
  private void logIgnoredNames(Map<String, String> dotEnv) {
    String ignored = dotEnv.keySet().stream()
        .filter(name -> !isKnown(name) || name.equals(Variable.ENV_FILE.name()))
        .collect(Collectors.joining(", "));
    if (!ignored.isEmpty()) {
      LOG.info("{} sets variables the gateway does not use: {}", envFile, ignored);
    }
  }

  private static Path resolveEnvFile(Path baseDir, Map<String, String> environment) {
    String configured = environment.getOrDefault(Variable.ENV_FILE.name(), "");
    String name = configured.isBlank() ? Variable.ENV_FILE.defaultValue() : configured.strip();
    try {
      return baseDir.resolve(name);
    } catch (InvalidPathException e) {
      throw new InvalidSettingsException(List.of(Variable.ENV_FILE.name() + ": "
          + Problems.show(name, false) + " (expected a file path)"));
    }
  }

  private static Map<String, String> known(Map<String, String> variables) {
    Map<String, String> known = new HashMap<>();
    variables.forEach((name, value) -> {
      if (name != null && value != null && isKnown(name)) {
        known.put(name, value);
      }
    });
    return Map.copyOf(known);
  }

  private static boolean isKnown(String name) {
    for (Variable variable : Variable.values()) {
      if (variable.name().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
