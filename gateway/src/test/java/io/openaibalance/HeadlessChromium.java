package io.openaibalance;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium driven through Debian's chromedriver, both named by path so that Selenium
 * never looks for (or downloads) a browser or driver of its own. Where either is missing the
 * browser tests are skipped loudly, or fail under {@code OPENAI_BALANCE_REQUIRE_SERVICES=true}
 * (CI installs both).
 */
final class HeadlessChromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** A new headless browser with a desktop-sized window; the caller quits it. */
  static ChromeDriver start(Path profile) {
    for (Path needed : new Path[] {BROWSER, DRIVER}) {
      if (!Files.isExecutable(needed)) {
        String message = "*** " + needed + " is missing (apt-get install chromium"
            + " chromium-driver): the admin UI browser tests cannot run ***";
        System.err.println(message);
        if ("true".equalsIgnoreCase(System.getenv("OPENAI_BALANCE_REQUIRE_SERVICES"))) {
          throw new AssertionError(message + " (OPENAI_BALANCE_REQUIRE_SERVICES=true)");
        }
        Assumptions.abort(message);
      }
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--window-size=1400,900", "--lang=en-US", "--no-first-run",
        "--disable-extensions", "--disable-background-networking", "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath());
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER.toString()))
        .usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(30))
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
