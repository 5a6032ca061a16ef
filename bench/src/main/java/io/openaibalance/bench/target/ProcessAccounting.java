package io.openaibalance.bench.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and peak memory of processes, read from Linux's {@code /proc}. CPU time is utime plus
 * stime of {@code /proc/PID/stat}, which already sums every thread of the process (children are
 * not included, so a process tree is summed pid by pid); peak memory is {@code VmHWM}, the
 * resident set's high-water mark over the process's life.
 */
public final class ProcessAccounting {
  private static final Path PROC = Path.of("/proc");
  /** The kernel's USER_HZ on every mainstream Linux build, used if getconf cannot say. */
  private static final int USUAL_CLOCK_TICKS = 100;

  private final double ticksPerSecond;

  private ProcessAccounting(double ticksPerSecond) {
    this.ticksPerSecond = ticksPerSecond;
  }

  /** @throws IllegalStateException when there is no {@code /proc} to read (not Linux) */
  public static ProcessAccounting open() {
    if (!Files.isReadable(PROC.resolve("self/stat"))) {
      throw new IllegalStateException("/proc/self/stat is not readable: the benchmark needs Linux");
    }
    return new ProcessAccounting(clockTicks());
  }

  /** CPU seconds (user plus system, all threads) the processes have used since they started. */
  public double cpuSeconds(Collection<Long> pids) {
    double total = 0;
    for (long pid : pids) {
      total += cpuSeconds(pid);
    }
    return total;
  }

  /** Sum of the processes' peak resident set sizes, in MiB. */
  public double peakRssMib(Collection<Long> pids) {
    long kib = 0;
    for (long pid : pids) {
      kib += statusKib(pid, "VmHWM:");
    }
    return kib / 1024.0;
  }

  private double cpuSeconds(long pid) {
    String stat = read(PROC.resolve(pid + "/stat"));
    // The command name (field 2) is in parentheses and may hold spaces: count after the last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) / ticksPerSecond;
  }

  private static long statusKib(long pid, String field) {
    for (String line : read(PROC.resolve(pid + "/status")).split("\n")) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
      }
    }
    throw new IllegalStateException("/proc/" + pid + "/status has no " + field);
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " (has the process ended?)", e);
    }
  }

  private static int clockTicks() {
    try {
      Process getconf = new ProcessBuilder(List.of("getconf", "CLK_TCK"))
          .redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes()).trim();
      if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
        return Integer.parseInt(out);
      }
      return USUAL_CLOCK_TICKS;
    } catch (IOException | NumberFormatException e) {
      return USUAL_CLOCK_TICKS;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return USUAL_CLOCK_TICKS;
    }
  }
}
