package io.openaibalance.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The report as Markdown tables: results, streams, gateway/nginx ratios, load side. */
public final class MarkdownReport {
  private static final String NONE = "–";

  private MarkdownReport() { }

  public static String render(BenchReport report) {
    StringBuilder out = new StringBuilder();
    out.append("## Results\n\n");
    table(out, List.of("scenario", "target", "requests", "errors", "req/s", "p50 ms", "p90 ms",
        "p99 ms", "max ms", "+p50 ms", "+p99 ms", "CPU s/10k req", "peak RSS MiB", "ready ms"),
        report.allResults(), r -> {
          Optional<BenchReport.AddedLatency> added = report.addedLatency(r);
          return List.of(r.scenario(), r.target(), Long.toString(r.requests()),
              Long.toString(r.errors()), number(r.throughputPerSecond(), 0),
              number(r.latency().p50Ms(), 2), number(r.latency().p90Ms(), 2),
              number(r.latency().p99Ms(), 2), number(r.latency().maxMs(), 1),
              added.map(a -> number(a.p50Ms(), 2)).orElse(NONE),
              added.map(a -> number(a.p99Ms(), 2)).orElse(NONE),
              r.cost().map(c -> number(c.cpuSecondsPer10k(), 2)).orElse(NONE),
              r.cost().map(c -> number(c.peakRssMib(), 0)).orElse(NONE),
              r.startToReadyMs().map(ms -> number(ms, 0)).orElse(NONE));
        });
    List<TargetResult> streamed = report.allResults().stream()
        .filter(r -> r.streams().isPresent()).toList();
    if (!streamed.isEmpty()) {
      out.append("\n## Streams\n\n");
      table(out, List.of("scenario", "target", "first byte p50 ms", "first byte p99 ms",
          "largest gap p99 ms", "largest gap max ms"), streamed, r -> {
            StreamTiming s = r.streams().orElseThrow();
            return List.of(r.scenario(), r.target(), number(s.firstByteP50Ms(), 2),
                number(s.firstByteP99Ms(), 2), number(s.largestGapP99Ms(), 1),
                number(s.largestGapMaxMs(), 1));
          });
    }
    List<TargetResult> compared = report.allResults().stream()
        .filter(r -> report.versusNginx(r).isPresent()).toList();
    if (!compared.isEmpty()) {
      out.append("\n## Gateway / nginx\n\n");
      table(out, List.of("scenario", "gateway", "nginx of", "req/s", "p50", "p99",
          "CPU/10k req", "peak RSS"), compared, r -> {
            Ratios x = report.versusNginx(r).orElseThrow();
            return List.of(r.scenario(), r.target(), x.nginxScenario(), ratio(x.throughput()),
                ratio(x.p50()), ratio(x.p99()), x.cpuPer10k().map(MarkdownReport::ratio)
                    .orElse(NONE), x.peakRss().map(MarkdownReport::ratio).orElse(NONE));
          });
    }
    out.append("\n## Load side\n\n");
    table(out, List.of("scenario", "target", "mock CPU s/10k req", "driver CPU s/10k req",
        "driver CPU % of a core"), report.allResults(), r -> List.of(r.scenario(), r.target(),
            number(r.loadSide().mockCpuSecondsPer10k(), 2),
            number(r.loadSide().driverCpuSecondsPer10k(), 2),
            number(r.loadSide().driverCpuPercent(), 0)));
    List<TargetResult> failed = report.allResults().stream().filter(r -> r.errors() > 0).toList();
    if (!failed.isEmpty()) {
      out.append("\nErrors by reason:\n");
      failed.forEach(r -> out.append("- ").append(r.scenario()).append(" / ").append(r.target())
          .append(": ").append(r.errorsByReason()).append('\n'));
    }
    if (!report.notes().isEmpty()) {
      out.append("\nNotes:\n");
      report.notes().forEach(note -> out.append("- ").append(note).append('\n'));
    }
    if (!report.failures().isEmpty()) {
      out.append("\nFAILED:\n");
      report.failures().forEach(failure -> out.append("- ").append(failure).append('\n'));
    }
    out.append("\nSettings: ").append(report.settings().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")))
        .append('\n');
    return out.toString();
  }

  private static void table(StringBuilder out, List<String> header, List<TargetResult> rows,
      Function<TargetResult, List<String>> cells) {
    row(out, header);
    row(out, header.stream().map(h -> "---").toList());
    rows.forEach(r -> row(out, cells.apply(r)));
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  private static String number(double value, int decimals) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : NONE;
  }

  private static String ratio(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f×", value) : NONE;
  }
}
