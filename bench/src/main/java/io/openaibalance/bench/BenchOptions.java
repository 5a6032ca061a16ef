package io.openaibalance.bench;

import io.openaibalance.bench.target.GatewayVariant;
import io.openaibalance.bench.target.JavaCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The command line, validated once. Errors name the option, the bad value and what is expected.
 *
 * @param targets some of {@code direct}, {@code nginx}, {@code gateway} (every variant)
 * @param variants gateway configurations; one plain variant when none is given
 * @param durationScale factor on every warm-up and measured duration
 * @param driverThreads event loops of the in-process load driver
 * @param json where the JSON report goes, if anywhere
 * @param repo the checkout whose jars are run
 */
record BenchOptions(List<Scenario> scenarios, Set<String> targets,
    List<GatewayVariant> variants, JavaCommand gatewayJava, JavaCommand mockJava,
    int mockServers, int nginxWorkers, double durationScale, int driverThreads,
    Optional<Path> json, Path repo, Path mockJar, Path gatewayJar) {
  static final List<String> TARGETS = List.of("direct", "nginx", "gateway");

  static final String USAGE = """
      usage: bench/run.sh [options]   (or java -jar bench/target/openai-balance-bench.jar)

      Measures the gateway beside baselines (the mock directly, nginx as a plain proxy) on one
      mock upstream, target after target, and prints Markdown tables of the results and ratios.

        --scenarios a,b          scenarios to run (default: all)
                                 %s
        --targets a,b            some of direct,nginx,gateway (default: all three)
        --gateway NAME[:VAR=VALUE[:VAR=VALUE...]]
                                 a gateway variant with extra .env variables; repeatable, e.g.
                                 --gateway memory:DATABASE_TYPE=memory --gateway sqlite:DATABASE_TYPE=sqlite
                                 (default: one variant with the harness's .env only)
        --gateway-jvm-args "F"   JVM flags of the gateway (default: start.sh's, %s)
        --mock-jvm-args "F"      JVM flags of the mock upstream (default: the same)
        --mock-servers N         event loops of the mock upstream (default: %d, the cores)
        --nginx-workers N        nginx worker_processes (default: %d, the cores)
        --driver-threads N       event loops of the load driver (default: 1)
        --duration-scale F       factor on warm-up and measured durations (default: 1; 0.1 for a quick run)
        --json FILE              also write the results as JSON to FILE
        --repo DIR               the checkout whose jars are run (default: .)
        --mock-jar FILE          default: REPO/mock-upstream/target/mock-upstream-0.1.0-SNAPSHOT-all.jar
        --gateway-jar FILE       default: REPO/gateway/target/openai-balance.jar
        --help                   this text
      """;

  BenchOptions {
    scenarios = List.copyOf(scenarios);
    targets = Set.copyOf(targets);
    variants = List.copyOf(variants);
    Objects.requireNonNull(json, "json");
  }

  static String usage() {
    return USAGE.formatted(String.join(",", Scenarios.names()), JavaCommand.startShDefaults(),
        cores(), cores());
  }

  /**
   * Parses the arguments; an empty array means every scenario against every target.
   *
   * @throws IllegalArgumentException naming the bad option
   */
  static BenchOptions parse(String... args) {
    List<String> scenarioNames = Scenarios.names();
    Set<String> targets = new LinkedHashSet<>(TARGETS);
    List<GatewayVariant> variants = new ArrayList<>();
    JavaCommand gatewayJava = JavaCommand.startShDefaults();
    JavaCommand mockJava = null;
    int mockServers = cores();
    int nginxWorkers = cores();
    int driverThreads = 1;
    double scale = 1;
    Path json = null;
    Path repo = Path.of(".");
    Path mockJar = null;
    Path gatewayJar = null;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        throw new HelpRequested();
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + ": missing value");
      }
      String value = args[++i];
      switch (option) {
        case "--scenarios" -> scenarioNames = list(value);
        case "--targets" -> targets = targets(value);
        case "--gateway" -> variants.add(GatewayVariant.parse(value));
        case "--gateway-jvm-args" -> gatewayJava = JavaCommand.parse(value);
        case "--mock-jvm-args" -> mockJava = JavaCommand.parse(value);
        case "--mock-servers" -> mockServers = positive(option, value);
        case "--nginx-workers" -> nginxWorkers = positive(option, value);
        case "--driver-threads" -> driverThreads = positive(option, value);
        case "--duration-scale" -> scale = scale(value);
        case "--json" -> json = Path.of(value);
        case "--repo" -> repo = Path.of(value);
        case "--mock-jar" -> mockJar = Path.of(value);
        case "--gateway-jar" -> gatewayJar = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + option
            + " (see --help)");
      }
    }
    if (variants.isEmpty()) {
      variants.add(GatewayVariant.plain());
    }
    long distinct = variants.stream().map(GatewayVariant::name).distinct().count();
    if (distinct != variants.size()) {
      throw new IllegalArgumentException("--gateway: two variants share a name");
    }
    double factor = scale;
    return new BenchOptions(
        Scenarios.select(scenarioNames).stream().map(s -> s.scaled(factor)).toList(),
        targets, variants, gatewayJava, mockJava == null ? gatewayJava : mockJava, mockServers,
        nginxWorkers, scale, driverThreads, Optional.ofNullable(json), repo,
        mockJar != null ? mockJar
            : repo.resolve("mock-upstream/target/mock-upstream-0.1.0-SNAPSHOT-all.jar"),
        gatewayJar != null ? gatewayJar : repo.resolve("gateway/target/openai-balance.jar"));
  }

  /** Thrown by {@link #parse} for {@code --help}: not an error, but parsing stops there. */
  static final class HelpRequested extends RuntimeException {
    HelpRequested() {
      super("help", null, false, false);
    }
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Set<String> targets(String value) {
    Set<String> targets = new LinkedHashSet<>(list(value));
    for (String target : targets) {
      if (!TARGETS.contains(target)) {
        throw new IllegalArgumentException("--targets: '" + target + "' (expected some of "
            + String.join(",", TARGETS) + ")");
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("--targets: empty (expected some of "
          + String.join(",", TARGETS) + ")");
    }
    return targets;
  }

  private static int positive(String option, String value) {
    try {
      int number = Integer.parseInt(value);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Reported below with what was expected.
    }
    throw new IllegalArgumentException(option + ": '" + value + "' (expected an integer >= 1)");
  }

  private static double scale(String value) {
    try {
      double number = Double.parseDouble(value);
      if (number > 0 && Double.isFinite(number)) {
        return number;
      }
    } catch (NumberFormatException e) {
      // Reported below with what was expected.
    }
    throw new IllegalArgumentException("--duration-scale: '" + value
        + "' (expected a number > 0)");
  }
}
