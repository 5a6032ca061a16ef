package io.openaibalance.bench.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A process the harness started, with its output in a log file (a pipe nobody drains would
 * block it) and a stop that asks politely before it kills.
 */
final class ChildProcess implements AutoCloseable {
  private static final long STOP_WAIT_SECONDS = 10;

  private final String label;
  private final Process process;
  private final Path log;
  private final long startedNanos;

  private ChildProcess(String label, Process process, Path log, long startedNanos) {
    this.label = label;
    this.process = process;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /**
   * @param environment variables set for the child, over the harness's own
   * @param unset variables of the harness's environment the child must not see
   */
  static ChildProcess start(String label, List<String> command, Path workDir,
      Map<String, String> environment, Set<String> unset, Path log) {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().keySet().removeAll(unset);
    builder.environment().putAll(environment);
    long started = System.nanoTime();
    try {
      return new ChildProcess(label, builder.start(), log, started);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + label + ": " + command.get(0), e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  long startedNanos() {
    return startedNanos;
  }

  String label() {
    return label;
  }

  /** The end of the log, for a message saying why the process is not ready. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
