package io.openaibalance.bench.target;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * {@code java FLAGS -jar JAR ARGS} with the JVM running the harness, so every Java process in a
 * run is the same Java.
 */
public record JavaCommand(List<String> jvmArgs) {

  public JavaCommand {
    jvmArgs = List.copyOf(Objects.requireNonNull(jvmArgs, "jvmArgs"));
  }

  /**
   * start.sh's flags, so the gateway is measured as it is run: a small heap, serial GC (two
   * cores, short-lived garbage); Java 24+ needs Netty's Unsafe access allowed explicitly.
   */
  public static JavaCommand startShDefaults() {
    List<String> flags = new ArrayList<>(List.of(
        "-XX:+UseSerialGC", "-Xms64m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
    if (Runtime.version().feature() >= 24) {
      flags.addAll(List.of("--sun-misc-unsafe-memory-access=allow",
          "--enable-native-access=ALL-UNNAMED"));
    }
    return new JavaCommand(flags);
  }

  /** Flags as a shell would split them (on spaces; no quoting). */
  public static JavaCommand parse(String flags) {
    return new JavaCommand(Arrays.stream(flags.trim().split("\\s+"))
        .filter(flag -> !flag.isEmpty()).toList());
  }

  List<String> jar(Path jar, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(arguments);
    return command;
  }

  @Override
  public String toString() {
    return String.join(" ", jvmArgs);
  }
}
