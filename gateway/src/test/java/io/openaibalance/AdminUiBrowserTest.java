package io.openaibalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.mock.RecordedRequest;
import io.openaibalance.secret.Secret;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin UI in a real headless Chromium against the whole application: an admin logs in,
 * pastes a thousand keys, finds one key and disables it (and live traffic stops using it),
 * changes a setting that the next request obeys, reads the error a failing key left, and logs
 * out. One browser and one application serve the class.
 */
class AdminUiBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  static Path dir;
  private static AdminUiFixture fixture;
  private static ChromeDriver browser;
  private static WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    browser = HeadlessChromium.start(Files.createDirectories(dir.resolve("profile")));
    // Pages redraw their tables after each answer: an element found a moment ago may be gone.
    wait = new WebDriverWait(browser, WAIT);
    wait.ignoring(StaleElementReferenceException.class);
    fixture = new AdminUiFixture(Files.createDirectories(dir.resolve("app")));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void anAdminManagesKeysSettingsAndLogsAndTrafficFollows() throws Exception {
    logIn();
    pasteAThousandKeys();
    findAKeyAndDisableIt();
    changeMaxRetriesAndSeeTheNextRequestObey();
    readTheErrorAFailingKeyLeft();
    screenshots();

    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.urlToBe(fixture.url("/")));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    browser.get(fixture.url("/keys"));
    assertThat(browser.getCurrentUrl()).as("after logout").isEqualTo(fixture.url("/"));
    assertThat(browser.findElements(By.id("login-form"))).hasSize(1);
  }

  @Test
  void renderedPagesShowNoSecretAndBreakNoContentSecurityRule() throws Exception {
    logIn();
    fixture.chat();
    for (String page : List.of("/keys", "/config", "/logs")) {
      browser.get(fixture.url(page));
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
          page.equals("/keys") ? "#keys-body tr[data-key-id]"
              : page.equals("/config") ? "#settings .setting" : "#log-body tr")));
      String rendered = browser.getPageSource();
      for (String secret : AdminUiFixture.SECRETS) {
        assertThat(rendered).as(page).doesNotContain(secret);
      }
      assertThat(rendered).as(page).contains(page.equals("/keys")
          ? Secret.mask(AdminUiFixture.KEY_1) : "OpenAI Balance");
      List<String> broken = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
          .map(LogEntry::getMessage)
          .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught"))
          .toList();
      assertThat(broken).as(page + ": blocked or failing scripts").isEmpty();
    }
  }

  @Test
  void selectedKeysTakeBulkActionsAndErrorsAreDeletedFromTheLogPage() throws Exception {
    logIn();
    new Select(browser.findElement(By.id("page-size"))).selectByVisibleText("20");
    new Select(browser.findElement(By.id("filter-provider"))).selectByValue("bulk");
    wait.until(d -> d.findElements(By.cssSelector("#keys-body tr[data-provider]")).stream()
        .allMatch(row -> "bulk".equals(row.getAttribute("data-provider"))));
    int rows = browser.findElements(By.cssSelector("#keys-body tr[data-provider=bulk]")).size();
    browser.findElement(By.id("select-page")).click();
    wait.until(ExpectedConditions.textToBe(By.id("selected-count"), rows + " selected"));
    browser.findElement(By.cssSelector("#bulk [data-bulk=disable]")).click();
    wait.until(ExpectedConditions.textToBe(
        By.cssSelector("#summary .card[data-provider=bulk] .count-disabled"),
        String.valueOf(rows)));
    assertThat(fixture.app().gateway().snapshot().providers().byName("bulk").orElseThrow()
        .keys().keys().stream().filter(key -> key.health().disabled()).count())
        .as("the live pool").isEqualTo(rows);
    WebElement first = browser.findElement(By.cssSelector("#keys-body tr[data-provider=bulk]"));
    String firstId = first.getAttribute("data-key-id");
    first.findElement(By.cssSelector("[data-action=history]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("history")));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history-body"),
        "disabled"));
    browser.findElement(By.cssSelector("#history [data-close]")).click();
    browser.findElement(By.cssSelector("#bulk [data-bulk=enable]")).click();
    wait.until(ExpectedConditions.textToBe(
        By.cssSelector("#summary .card[data-provider=bulk] .count-disabled"), "0"));
    wait.until(ExpectedConditions.attributeToBe(
        By.cssSelector("#keys-body tr[data-key-id='" + firstId + "']"), "data-state", "active"));

    for (String key : List.of(AdminUiFixture.KEY_1, AdminUiFixture.KEY_2, AdminUiFixture.KEY_3)) {
      fixture.upstream.overrideKey(key, "status=403:code=account_deactivated");
    }
    try {
      for (int i = 0; i < 3; i++) {
        assertThat(fixture.chat()).isEqualTo(403);
      }
    } finally {
      fixture.upstream.clearOverrides();
    }
    Await.until("three errors in the log", WAIT, () -> new JsonObject(fixture.admin("GET",
        "/api/logs/errors?q=account_deactivated", null).body()).getLong("total") >= 3);
    browser.get(fixture.url("/logs"));
    browser.findElement(By.id("f-q")).sendKeys("account_deactivated");
    browser.findElement(By.cssSelector("#log-filters button[type=submit]")).click();
    wait.until(d -> d.findElements(By.cssSelector("#log-body tr[data-id]")).size() >= 3);
    long before = errorCount();
    List<WebElement> boxes = browser.findElements(By.cssSelector("#log-body tr[data-id] input"));
    boxes.get(0).click();
    boxes.get(1).click();
    browser.findElement(By.id("delete-selected")).click();
    browser.switchTo().alert().accept();
    wait.until(d -> errorCount() == before - 2);
    browser.findElement(By.id("delete-all")).click();
    browser.switchTo().alert().accept();
    wait.until(ExpectedConditions.textToBe(By.id("log-total"), "0 entries"));
    assertThat(errorCount()).isZero();
  }

  private static long errorCount() {
    return new JsonObject(fixture.admin("GET", "/api/logs/errors", null).body()).getLong("total");
  }

  private static void logIn() {
    browser.manage().deleteAllCookies();
    browser.get(fixture.url("/"));
    WebElement token = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
    token.sendKeys("wrong-token");
    browser.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.textToBe(By.id("login-error"), "Wrong admin token."));
    token.clear();
    token.sendKeys(AdminUiFixture.ADMIN);
    browser.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.urlToBe(fixture.url("/keys")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(
        "#summary .card[data-provider=default]")));
  }

  private static void pasteAThousandKeys() {
    browser.findElement(By.cssSelector("#add-panel summary")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#add-provider option[value=bulk]")));
    new Select(browser.findElement(By.id("add-provider"))).selectByValue("bulk");
    String paste = IntStream.range(0, 1000)
        .mapToObj(i -> String.format(Locale.ROOT, "sk-ui-pasted-%04d-%08x", i, i * 2654435761L))
        .collect(Collectors.joining("\n")) + "\nnot a key\n"; // three pieces too short to be keys
    WebElement area = browser.findElement(By.id("add-keys"));
    // What a paste does: the whole text lands in the field at once (typing it key by key would
    // take the browser minutes).
    ((JavascriptExecutor) browser).executeScript(
        "arguments[0].value = arguments[1];"
            + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", area, paste);
    browser.findElement(By.id("add-label")).sendKeys("pasted in the UI test");
    browser.findElement(By.id("add-submit")).click();
    wait.until(ExpectedConditions.textToBe(By.id("add-result"),
        "Added 1,000 to bulk; 0 duplicates and 3 invalid skipped."));
    wait.until(ExpectedConditions.textToBe(
        By.cssSelector("#summary .card[data-provider=bulk] .big"), "1,001 keys"));
    assertThat(fixture.app().gateway().snapshot().providers().byName("bulk").orElseThrow()
        .keys().size()).isEqualTo(1001);
  }

  private static void findAKeyAndDisableIt() throws Exception {
    String id = Secret.of(AdminUiFixture.KEY_1).id();
    fixture.upstream.clearRequests();
    for (int i = 0; i < 3; i++) {
      assertThat(fixture.chat()).isEqualTo(200);
    }
    assertThat(usedKeys()).as("round robin over the three keys").contains(AdminUiFixture.KEY_1);

    browser.findElement(By.id("search")).sendKeys(AdminUiFixture.KEY_1);
    By onlyRow = By.cssSelector("#keys-body tr[data-key-id='" + id + "']");
    wait.until(d -> d.findElements(By.cssSelector("#keys-body tr")).size() == 1
        && !d.findElements(onlyRow).isEmpty());
    wait.until(ExpectedConditions.attributeToBe(onlyRow, "data-state", "active"));
    wait.until(ExpectedConditions.textToBePresentInElementLocated(onlyRow,
        Secret.mask(AdminUiFixture.KEY_1)));
    wait.until(d -> {
      d.findElement(onlyRow).findElement(By.cssSelector("[data-action=disable]")).click();
      return true;
    });
    wait.until(ExpectedConditions.attributeToBe(onlyRow, "data-state", "disabled"));

    fixture.upstream.clearRequests();
    for (int i = 0; i < 6; i++) {
      assertThat(fixture.chat()).isEqualTo(200);
    }
    assertThat(usedKeys()).as("traffic after the key was disabled")
        .doesNotContain(AdminUiFixture.KEY_1)
        .contains(AdminUiFixture.KEY_2, AdminUiFixture.KEY_3);
  }

  private static void changeMaxRetriesAndSeeTheNextRequestObey() {
    fixture.upstream.overrideKey(AdminUiFixture.KEY_2, "status=401:code=invalid_api_key");
    List<Integer> before = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      before.add(fixture.chat());
    }
    assertThat(before).as("one attempt per request (MAX_RETRIES=1): the failing key's requests"
        + " fail").contains(401);

    browser.get(fixture.url("/config"));
    By field = By.id("set-MAX_RETRIES");
    By setting = By.cssSelector(".setting[data-name=MAX_RETRIES]");
    wait.until(ExpectedConditions.presenceOfElementLocated(field));
    assertThat(browser.findElement(setting).getText()).contains(".env file");
    WebElement input = browser.findElement(field);
    input.clear();
    input.sendKeys("-1");
    browser.findElement(By.id("save")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".setting[data-name=MAX_RETRIES] .field-error")));
    assertThat(browser.findElement(By.cssSelector(".setting[data-name=MAX_RETRIES] .field-error"))
        .getText()).contains("MAX_RETRIES").contains("-1");

    input.clear();
    input.sendKeys("3");
    browser.findElement(By.id("save")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(setting, "admin"));
    assertThat(browser.findElement(setting).findElements(By.cssSelector("[data-revert]")))
        .hasSize(1);

    fixture.upstream.clearRequests();
    for (int i = 0; i < 4; i++) {
      assertThat(fixture.chat()).as("the next requests retry on the next key").isEqualTo(200);
    }
    assertThat(usedKeys()).contains(AdminUiFixture.KEY_2, AdminUiFixture.KEY_3);

    // Bulk's keys all work (default's second key now fails, and the server may list with it).
    browser.findElement(By.cssSelector("#providers-body tr[data-provider=bulk]"))
        .findElement(By.xpath(".//button[text()='Fetch models']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("models"),
        "gpt-4o-mini"));
    browser.findElement(By.cssSelector("#providers-body tr[data-provider=bulk]"))
        .findElement(By.cssSelector("[data-action=delete]")).click();
    browser.switchTo().alert().accept();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("toasts"),
        "comes from .env"));

    // Disabling a provider from .env lays one field over its entry: its keys stay.
    int bulkKeys = fixture.app().gateway().snapshot().providers().byName("bulk").orElseThrow()
        .keys().size();
    By bulkRow = By.cssSelector("#providers-body tr[data-provider=bulk]");
    browser.findElement(bulkRow).findElement(By.xpath(".//button[text()='Disable']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(bulkRow, "disabled"));
    var bulk = fixture.app().gateway().snapshot().providers().byName("bulk").orElseThrow();
    assertThat(bulk.settings().enabled()).isFalse();
    assertThat(bulk.keys().size()).isEqualTo(bulkKeys);
    browser.findElement(bulkRow).findElement(By.xpath(".//button[text()='Enable']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(bulkRow, "enabled"));
    assertThat(fixture.app().gateway().snapshot().providers().byName("bulk").orElseThrow()
        .settings().enabled()).isTrue();
  }

  private static void readTheErrorAFailingKeyLeft() throws Exception {
    String id = Secret.of(AdminUiFixture.KEY_2).id();
    Await.until("the failing key's error in the log", WAIT, () -> new JsonObject(
        fixture.admin("GET", "/api/logs/errors?key=" + id, null).body()).getLong("total") > 0);
    browser.get(fixture.url("/logs"));
    By row = By.xpath("//tbody[@id='log-body']/tr[td/code[text()='" + id + "']]");
    wait.until(ExpectedConditions.presenceOfElementLocated(row));
    assertThat(browser.findElement(row).getText()).contains("401");
    browser.findElement(row).findElement(By.cssSelector("[data-action=details]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("details")));
    assertThat(browser.findElement(By.id("details-meta")).getText()).contains(id).contains("401");
    String upstream = browser.findElement(By.id("details-upstream")).getText();
    assertThat(upstream).contains("invalid_api_key").doesNotContain(AdminUiFixture.KEY_2);
    assertThat(browser.findElement(By.id("details-request")).getText())
        .contains("Hello from the admin UI test");
    browser.findElement(By.cssSelector("#details [data-close]")).click();

    browser.findElement(By.cssSelector("#tabs [data-tab=requests]")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(
        By.xpath("//tbody[@id='log-body']/tr[td/code]")));
  }

  private static List<String> usedKeys() {
    return fixture.upstream.requests().stream().map(RecordedRequest::key).toList();
  }

  /**
   * The keys page after the traffic (its chart and attention list), light and dark, on a desktop
   * and a phone, and the other pages: kept under target/ui-screens for a look after a run.
   */
  private static void screenshots() throws Exception {
    browser.manage().window().setSize(new Dimension(1400, 1100));
    showKeysPage();
    screenshot("keys-page");
    String lightBackground =
        browser.findElement(By.tagName("body")).getCssValue("background-color");
    browser.findElement(By.id("theme-toggle")).click();
    browser.findElement(By.id("theme-toggle")).click();
    browser.navigate().refresh();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("html"), "data-theme", "dark"));
    showKeysPage();
    assertThat(browser.findElement(By.tagName("body")).getCssValue("background-color"))
        .as("the dark theme's colours apply").isNotEqualTo(lightBackground);
    screenshot("keys-page-dark");
    browser.manage().window().setSize(new Dimension(390, 844));
    showKeysPage();
    screenshot("keys-page-phone");
    browser.findElement(By.id("theme-toggle")).click();
    browser.manage().window().setSize(new Dimension(1400, 1100));
    browser.get(fixture.url("/config"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jobs-body tr")));
    screenshot("config-page");
    browser.get(fixture.url("/logs"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#log-body tr[data-id]")));
    screenshot("logs-page");
    browser.manage().window().setSize(new Dimension(1400, 900));
  }

  private static void showKeysPage() {
    browser.get(fixture.url("/keys"));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#keys-body tr")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart svg rect.calls")));
    browser.findElement(By.cssSelector("#attention-status [data-status='401']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("attention"),
        Secret.of(AdminUiFixture.KEY_2).id()));
  }

  private static void screenshot(String name) throws Exception {
    Path target = Path.of("target", "ui-screens");
    Files.createDirectories(target);
    Files.write(target.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }
}
