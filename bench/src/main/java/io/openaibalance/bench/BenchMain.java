package io.openaibalance.bench;

import io.openaibalance.bench.report.BenchReport;
import io.openaibalance.bench.report.JsonReport;
import io.openaibalance.bench.report.MarkdownReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark command: prints the Markdown report on stdout (progress on stderr), writes the
 * JSON report if asked, and exits 1 when a target could not be measured, 2 on bad options.
 */
public final class BenchMain {
  private BenchMain() { }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (BenchOptions.HelpRequested help) {
      System.out.print(BenchOptions.usage());
      return;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(BenchOptions.usage());
      System.exit(2);
      return;
    }
    BenchReport report;
    try {
      report = new BenchRun(options, System.err).run();
    } catch (IllegalStateException e) {
      System.err.println("The benchmark cannot run: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.print(MarkdownReport.render(report));
    System.out.flush();
    if (options.json().isPresent()) {
      Path json = options.json().get();
      try {
        Path parent = json.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(json, JsonReport.render(report).encodePrettily());
        System.err.println("JSON report: " + json.toAbsolutePath());
      } catch (IOException e) {
        System.err.println("cannot write the JSON report to " + json + ": " + e.getMessage());
        System.exit(1);
      }
    }
    System.exit(report.failures().isEmpty() ? 0 : 1);
  }
}
