package io.openaibalance.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class DotEnvWatcherTest {
  private static final long TIMEOUT_SECONDS = 10;

  @TempDir Path dir;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final CapturedErrors errors = new CapturedErrors();
  private final List<Settings> changes = new CopyOnWriteArrayList<>();
  private SettingsLoader loader;
  private SettingsHolder holder;
  private DotEnvWatcher watcher;

  @BeforeEach
  void setUp() throws IOException {
    writeEnv("PORT=9001\nAPI_KEYS=sk-original-key-0001\n");
    loader = new SettingsLoader(dir, Map.of("HOST", "127.0.0.1"), Map.of());
    holder = new SettingsHolder(loader.load());
    holder.onChange(changes::add);
    watcher = new DotEnvWatcher(loader, holder, executor, Duration.ofMillis(20));
    errors.attach();
  }

  @AfterEach
  void tearDown() {
    watcher.close();
    executor.shutdownNow();
    errors.detach();
  }

  /** Replaces the file in one step, as editors do, so no poll sees it half-written. */
  private void writeEnv(String text) throws IOException {
    Path temporary = dir.resolve(".env.tmp");
    Files.writeString(temporary, text);
    Files.move(temporary, dir.resolve(".env"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private CompletableFuture<Settings> nextChange() {
    CompletableFuture<Settings> next = new CompletableFuture<>();
    holder.onChange(next::complete);
    return next;
  }

  /** New content is applied once two polls in a row see it. */
  private void pollUntilSettled() {
    watcher.poll();
    watcher.poll();
  }

  @Test
  void appliesARewrittenFile() throws Exception {
    CompletableFuture<Settings> changed = nextChange();
    watcher.start();

    writeEnv("PORT=9002\nAPI_KEYS=sk-original-key-0001\n");

    Settings applied = changed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(applied.port()).isEqualTo(9002);
    assertThat(holder.current()).isSameAs(applied);
    assertThat(applied.host()).as("environment kept").isEqualTo("127.0.0.1");
    assertThat(applied.sources()).containsEntry("PORT", ValueSource.DOTENV_FILE);
  }

  @Test
  void keepsPollingPastAnInvalidRewriteAndAppliesTheNextValidOne() throws Exception {
    Settings original = holder.current();
    CompletableFuture<ILoggingEvent> rejected = errors.next();
    watcher.start();

    writeEnv("PORT=-1\nAPI_KEYS=sk-original-key-0001\n");
    ILoggingEvent error = rejected.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    assertThat(error.getFormattedMessage()).contains("PORT: -1 (expected from 0 to 65535)");
    assertThat(holder.current()).isSameAs(original);
    assertThat(changes).isEmpty();

    CompletableFuture<Settings> changed = nextChange();
    writeEnv("PORT=9003\nAPI_KEYS=sk-original-key-0001\n");

    assertThat(changed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).port()).isEqualTo(9003);
    assertThat(changes).extracting(Settings::port).containsExactly(9003);
  }

  @Test
  void anInvalidRewriteKeepsTheSnapshotAndLogsOneMaskedError() throws IOException {
    Settings original = holder.current();

    writeEnv("PORT=9005\nAPI_KEYS=[\"sk-new-clear-key-0002\", 42]\n");
    pollUntilSettled();
    watcher.poll();
    watcher.poll();

    assertThat(holder.current()).isSameAs(original);
    assertThat(changes).isEmpty();
    assertThat(errors.events()).singleElement().satisfies(event -> {
      assertThat(event.getLevel()).isEqualTo(Level.ERROR);
      assertThat(event.getFormattedMessage())
          .contains("API_KEYS[1]: \"**\" (expected a string)")
          .doesNotContain("sk-new-clear-key-0002");
    });
  }

  @Test
  void doesNotApplyContentSeenByOnlyOnePoll() throws IOException {
    writeEnv("PORT=9006\n");
    watcher.poll();

    assertThat(holder.current().port()).isEqualTo(9001);

    watcher.poll();
    assertThat(holder.current().port()).isEqualTo(9006);
  }

  @Test
  void anEditThatChangesNoSettingNotifiesNobody() throws IOException {
    pollUntilSettled();
    writeEnv("# a new comment\nPORT=9001\n\nAPI_KEYS=sk-original-key-0001  # same key\n");
    pollUntilSettled();

    assertThat(changes).isEmpty();
  }

  @Test
  void aFileThatDisappearsIsIgnoredUntilItIsBack() throws IOException {
    Settings original = holder.current();
    pollUntilSettled();

    Files.delete(dir.resolve(".env"));
    pollUntilSettled();
    assertThat(holder.current()).isSameAs(original);
    assertThat(changes).isEmpty();

    writeEnv("PORT=9007\nAPI_KEYS=sk-original-key-0001\n");
    pollUntilSettled();
    assertThat(holder.current().port()).isEqualTo(9007);
  }

  /** Collects ERROR events of the watcher's logger, and completes a future on the next one. */
  private static final class CapturedErrors extends AppenderBase<ILoggingEvent> {
    private final Logger logger = (Logger) LoggerFactory.getLogger(DotEnvWatcher.class);
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<ILoggingEvent>> waiting = new CopyOnWriteArrayList<>();

    void attach() {
      start();
      logger.addAppender(this);
    }

    void detach() {
      logger.detachAppender(this);
      stop();
    }

    List<ILoggingEvent> events() {
      return events;
    }

    CompletableFuture<ILoggingEvent> next() {
      CompletableFuture<ILoggingEvent> next = new CompletableFuture<>();
      waiting.add(next);
      return next;
    }

    @Override
    protected void append(ILoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
        events.add(event);
        waiting.forEach(future -> future.complete(event));
      }
    }
  }
}
