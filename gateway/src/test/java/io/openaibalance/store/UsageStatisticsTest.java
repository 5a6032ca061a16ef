package io.openaibalance.store;

import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import io.openaibalance.relay.ErrorRecord;
import io.openaibalance.relay.RequestRecord;
import io.openaibalance.store.UsageStatistics.Counts;
import io.openaibalance.store.UsageStatistics.DailyTokens;
import io.openaibalance.store.UsageStatistics.KeyCounts;
import io.openaibalance.store.UsageStatistics.KeyRejections;
import io.openaibalance.store.UsageStatistics.ModelCounts;
import io.openaibalance.store.UsageStatistics.Overview;
import io.openaibalance.store.UsageStatistics.Period;
import io.openaibalance.store.UsageStatistics.Rejection;
import io.openaibalance.secret.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every statistic answers what the logged records say, on each database: the expected figures are
 * computed here from the same generated records, with the windows {@link UsageStatistics}
 * documents.
 */
class UsageStatisticsTest {
  private static final Instant NOW = Instant.parse("2026-06-10T12:34:56.789Z");
  private static final long HOUR = Duration.ofHours(1).toMillis();
  private static final long NOW_HOUR = UsageAggregates.hourStart(NOW.toEpochMilli());
  private static final List<String> PROVIDERS = List.of("default", "azure");
  private static final List<Optional<String>> KEYS = List.of(Optional.empty(),
      Optional.of("0a1b2c3d4e5f6071"), Optional.of("1111222233334444"),
      Optional.of("abcdefabcdef0123"), Optional.of("ffee00112233aabb"));
  private static final List<Optional<String>> MODELS = List.of(Optional.empty(),
      Optional.of("gpt-4o"), Optional.of("gpt-4o-mini"), Optional.of("o3"),
      Optional.of("m".repeat(140)));
  private static final int[] REQUEST_STATUSES = {200, 200, 200, 201, 400, 404, 429, 500, 502};
  private static final int[] ERROR_STATUSES = {429, 429, 429, 401, 401, 403, 500, 502, 400};

  @TempDir
  Path tempDir;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void answersEveryStatisticAsTheLoggedRecordsSay(Dialect dialect) throws Exception {
    Random random = new Random(dialect.ordinal() + 17L);
    List<RequestRecord> requests = requests(random);
    List<ErrorRecord> errors = errors(random);
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    try (AutoCloseable drop = fresh.drop(); Database database = Database.open(fresh.config())) {
      RequestLogRepository requestLog = new RequestLogRepository(database);
      ErrorLogRepository errorLog = new ErrorLogRepository(database);
      UsageAggregates aggregates = new UsageAggregates(database);
      // Batches as the log writers make them: a bucket recurs across batches, so rows are merged.
      for (List<RequestRecord> batch : batches(requests, 97)) {
        requestLog.insertAll(batch);
        aggregates.addRequests(batch);
      }
      for (List<ErrorRecord> batch : batches(errors, 61)) {
        errorLog.insertAll(batch);
        aggregates.addErrors(batch);
      }

      assertStatistics(new UsageStatistics(database, Clock.fixed(NOW, ZoneOffset.UTC)),
          requests, errors);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void countsTheRowsLoggedBeforeTheAggregateExisted(Dialect dialect) throws Exception {
    Random random = new Random(dialect.ordinal() + 41L);
    List<RequestRecord> requests = requests(random);
    List<ErrorRecord> errors = errors(random);
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    try (AutoCloseable drop = fresh.drop()) {
      DatabaseConfig config = fresh.config();
      Files.createDirectories(tempDir.resolve("data"));
      Flyway logsOnly = Flyway.configure().locations(dialect.migrationLocation()).target("3")
          .dataSource(config.jdbcUrl(), config.user(), config.password().map(Secret::reveal)
              .orElse(null)).load();
      logsOnly.migrate();
      insertAsVersion3Did(logsOnly, requests, errors);

      try (Database database = Database.open(config)) {
        assertStatistics(new UsageStatistics(database, Clock.fixed(NOW, ZoneOffset.UTC)),
            requests, errors);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void addsNothingWhenTheCallersTransactionRollsBack(Dialect dialect) throws Exception {
    TestDatabases.Fresh fresh = TestDatabases.create(dialect, tempDir);
    try (AutoCloseable drop = fresh.drop(); Database database = Database.open(fresh.config())) {
      UsageAggregates aggregates = new UsageAggregates(database);
      List<RequestRecord> kept = List.of(request(NOW, 0, 1, 1, 200, true));
      List<RequestRecord> rolledBack = List.of(request(NOW, 0, 1, 1, 500, true),
          request(NOW, 1, 2, 2, 200, false));
      try (Connection connection = database.dataSource().getConnection()) {
        connection.setAutoCommit(false);
        aggregates.write(connection, UsageAggregates.requestSums(kept));
        connection.commit();
        aggregates.write(connection, UsageAggregates.requestSums(rolledBack));
        aggregates.write(connection, UsageAggregates.errorSums(List.of(error(NOW, 1, 429, true))));
        connection.rollback();
      }

      UsageStatistics statistics = new UsageStatistics(database, Clock.fixed(NOW, ZoneOffset.UTC));
      Period today = new Period(NOW.minus(Duration.ofDays(1)), NOW.plusSeconds(1));
      assertThat(statistics.overview().last24Hours()).isEqualTo(new Counts(1, 0));
      assertThat(statistics.perKey(today)).containsExactly(
          new KeyCounts("default", KEYS.get(1), new Counts(1, 0), tokens(kept)));
      assertThat(statistics.topKeys(Rejection.TOO_MANY_REQUESTS, today, 5)).isEmpty();
    }
  }

  private static void assertStatistics(UsageStatistics statistics, List<RequestRecord> requests,
      List<ErrorRecord> errors) throws Exception {
    assertThat(statistics.overview()).isEqualTo(new Overview(
        counts(requests, at -> at > NOW.toEpochMilli() - 60_000 && at <= NOW.toEpochMilli()),
        counts(requests, at -> at > NOW.toEpochMilli() - HOUR && at <= NOW.toEpochMilli()),
        counts(requests, inHours(NOW_HOUR - 23 * HOUR, NOW_HOUR + HOUR)),
        counts(requests, inHours(NOW_HOUR - 719 * HOUR, NOW_HOUR + HOUR))));

    List<Period> periods = List.of(
        new Period(NOW.minus(Duration.ofDays(40)), NOW.plusSeconds(1)),
        // Bounds inside an hour: the hours they overlap count whole.
        new Period(NOW.minus(Duration.ofDays(5)).plusSeconds(17 * 60),
            NOW.minus(Duration.ofDays(2)).plusSeconds(5 * 60)),
        new Period(LocalDate.of(2026, 6, 1).atStartOfDay().toInstant(ZoneOffset.UTC),
            LocalDate.of(2026, 6, 3).atStartOfDay().toInstant(ZoneOffset.UTC)),
        new Period(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(300))));
    for (Period period : periods) {
      List<RequestRecord> inPeriod = inPeriod(requests, RequestRecord::at, period);
      List<ErrorRecord> errorsInPeriod = inPeriod(errors, ErrorRecord::at, period);

      List<KeyCounts> perKey = statistics.perKey(period);
      assertThat(perKey).containsExactlyInAnyOrderElementsOf(expectedPerKey(inPeriod));
      assertThat(perKey).isSortedAccordingTo(
          Comparator.comparingLong((KeyCounts k) -> k.counts().calls()).reversed());

      List<ModelCounts> perModel = statistics.perModel(period);
      assertThat(perModel).containsExactlyInAnyOrderElementsOf(expectedPerModel(inPeriod));
      assertThat(perModel).isSortedAccordingTo(
          Comparator.comparingLong((ModelCounts m) -> m.counts().calls()).reversed());

      List<DailyTokens> tokens = statistics.tokensPerDay(period);
      assertThat(tokens).containsExactlyInAnyOrderElementsOf(expectedTokens(inPeriod));
      assertThat(tokens).isSortedAccordingTo(Comparator.comparing(DailyTokens::day));

      for (Rejection rejection : Rejection.values()) {
        for (int limit : new int[] {2, 50}) {
          assertThat(statistics.topKeys(rejection, period, limit))
              .as("%s, top %d, %s", rejection, limit, period)
              .containsExactlyElementsOf(expectedTopKeys(errorsInPeriod, rejection, limit));
        }
      }
    }
    // Guards against a generator that would make the comparisons above vacuous.
    Period all = periods.get(0);
    assertThat(statistics.tokensPerDay(all)).hasSizeGreaterThan(100);
    assertThat(statistics.topKeys(Rejection.FORBIDDEN, all, 50)).hasSizeGreaterThan(3);
    assertThat(statistics.overview().lastMinute().failures()).isPositive();
  }

  private static Predicate<Long> inHours(long fromHour, long toHour) {
    return at -> UsageAggregates.hourStart(at) >= fromHour && UsageAggregates.hourStart(at) < toHour;
  }

  private static Counts counts(List<RequestRecord> requests, Predicate<Long> at) {
    List<RequestRecord> in = requests.stream().filter(r -> at.test(r.at().toEpochMilli())).toList();
    return new Counts(in.size(), in.stream().filter(r -> r.status() >= 400).count());
  }

  private static <T> List<T> inPeriod(List<T> records, java.util.function.Function<T, Instant> at,
      Period period) {
    Predicate<Long> hours = inHours(UsageAggregates.hourStart(period.from().toEpochMilli()),
        period.to().toEpochMilli());
    return records.stream().filter(r -> hours.test(at.apply(r).toEpochMilli())).toList();
  }

  private static List<KeyCounts> expectedPerKey(List<RequestRecord> requests) {
    return requests.stream().collect(groupingBy(r -> List.of(r.provider(), r.keyId())))
        .values().stream().map(group -> new KeyCounts(group.get(0).provider(),
            group.get(0).keyId(), counts(group, at -> true), tokens(group))).toList();
  }

  private static long tokens(List<RequestRecord> requests) {
    return requests.stream().mapToLong(r -> r.usage().map(RequestRecord.Usage::totalTokens)
        .orElse(0L)).sum();
  }

  private static List<ModelCounts> expectedPerModel(List<RequestRecord> requests) {
    return requests.stream().collect(groupingBy(r -> List.of(r.provider(), clippedModel(r))))
        .values().stream().map(group -> new ModelCounts(group.get(0).provider(),
            clippedModel(group.get(0)), counts(group, at -> true))).toList();
  }

  private static List<DailyTokens> expectedTokens(List<RequestRecord> requests) {
    List<DailyTokens> days = new ArrayList<>();
    Map<List<Object>, List<RequestRecord>> groups = requests.stream().collect(groupingBy(r ->
        List.<Object>of(LocalDate.ofInstant(r.at(), ZoneOffset.UTC), r.provider(), r.keyId(),
            clippedModel(r))));
    groups.forEach((key, group) -> days.add(new DailyTokens((LocalDate) key.get(0),
        (String) key.get(1), group.get(0).keyId(), clippedModel(group.get(0)), group.size(),
        tokens(group, RequestRecord.Usage::promptTokens),
        tokens(group, RequestRecord.Usage::completionTokens),
        tokens(group, RequestRecord.Usage::totalTokens))));
    return days;
  }

  private static long tokens(List<RequestRecord> group,
      java.util.function.ToLongFunction<RequestRecord.Usage> count) {
    return group.stream().flatMap(r -> r.usage().stream()).mapToLong(count).sum();
  }

  private static List<KeyRejections> expectedTopKeys(List<ErrorRecord> errors,
      Rejection rejection, int limit) {
    int status = switch (rejection) {
      case TOO_MANY_REQUESTS -> 429;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
    };
    return errors.stream().filter(e -> e.status() == status && e.keyId().isPresent())
        .collect(groupingBy(e -> List.of(e.provider(), e.keyId().get())))
        .entrySet().stream()
        .map(e -> new KeyRejections(e.getKey().get(0), e.getKey().get(1), e.getValue().size()))
        .sorted(Comparator.comparingLong(KeyRejections::attempts).reversed()
            .thenComparing(KeyRejections::provider).thenComparing(KeyRejections::keyId))
        .limit(limit).toList();
  }

  private static Optional<String> clippedModel(RequestRecord record) {
    return record.model().map(m -> m.length() > 128 ? m.substring(0, 128) : m);
  }

  /** Spread over 33 days, thicker near now, with records on each window's edges. */
  private static List<RequestRecord> requests(Random random) {
    long now = NOW.toEpochMilli();
    List<Long> times = new ArrayList<>(List.of(now, now - 60_000, now - 60_000 + 1, now - HOUR,
        now - HOUR + 1, NOW_HOUR - 23 * HOUR, NOW_HOUR - 23 * HOUR - 1, NOW_HOUR - 719 * HOUR,
        NOW_HOUR - 719 * HOUR - 1, NOW_HOUR));
    for (int i = 0; i < 2500; i++) {
      times.add(now - (long) (random.nextDouble() * Duration.ofDays(33).toMillis()));
    }
    for (int i = 0; i < 300; i++) {
      times.add(now - random.nextInt((int) HOUR * 2));
    }
    for (int i = 0; i < 40; i++) {
      times.add(now - random.nextInt(60_000));
    }
    List<RequestRecord> requests = new ArrayList<>();
    for (long at : times) {
      requests.add(request(Instant.ofEpochMilli(at), random.nextInt(PROVIDERS.size()),
          random.nextInt(KEYS.size()), random.nextInt(MODELS.size()),
          REQUEST_STATUSES[random.nextInt(REQUEST_STATUSES.length)], random.nextInt(10) < 6));
    }
    return requests;
  }

  private static List<ErrorRecord> errors(Random random) {
    List<ErrorRecord> errors = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      Instant at = NOW.minusMillis((long) (random.nextDouble() * Duration.ofDays(33).toMillis()));
      errors.add(error(at, random.nextInt(KEYS.size()),
          ERROR_STATUSES[random.nextInt(ERROR_STATUSES.length)], random.nextBoolean()));
    }
    return errors;
  }

  private static RequestRecord request(Instant at, int provider, int key, int model, int status,
      boolean withUsage) {
    long prompt = (at.toEpochMilli() % 997) + key;
    long completion = (at.toEpochMilli() % 389) + model;
    return new RequestRecord(at, PROVIDERS.get(provider), KEYS.get(key), MODELS.get(model),
        status, 120, Optional.of(40L), false, 1, Optional.empty(), withUsage
            ? Optional.of(new RequestRecord.Usage(prompt, completion, prompt + completion))
            : Optional.empty());
  }

  private static ErrorRecord error(Instant at, int key, int status, boolean firstProvider) {
    return new ErrorRecord(at, PROVIDERS.get(firstProvider ? 0 : 1), KEYS.get(key),
        MODELS.get(1 + key % 3), status, "upstream_error", Optional.empty(), "{}",
        Optional.empty());
  }

  private static <T> List<List<T>> batches(List<T> records, int size) {
    List<List<T>> batches = new ArrayList<>();
    for (int i = 0; i < records.size(); i += size) {
      batches.add(records.subList(i, Math.min(records.size(), i + size)));
    }
    return batches;
  }

  /** The columns the version-3 schema had, written without the aggregate. */
  private static void insertAsVersion3Did(Flyway flyway, List<RequestRecord> requests,
      List<ErrorRecord> errors) throws Exception {
    try (Connection connection = flyway.getConfiguration().getDataSource().getConnection();
        PreparedStatement request = connection.prepareStatement("INSERT INTO request_log"
            + " (created_at, provider, key_id, model, status, latency_ms, stream, attempts,"
            + " prompt_tokens, completion_tokens, total_tokens)"
            + " VALUES (?, ?, ?, ?, ?, 1, ?, 1, ?, ?, ?)");
        PreparedStatement error = connection.prepareStatement("INSERT INTO error_log"
            + " (created_at, provider, key_id, model, status, failure, upstream_body)"
            + " VALUES (?, ?, ?, ?, ?, 'upstream_error', '{}')")) {
      for (RequestRecord r : requests) {
        request.setLong(1, r.at().toEpochMilli());
        request.setString(2, r.provider());
        request.setString(3, r.keyId().orElse(null));
        request.setString(4, clippedModel(r).orElse(null));
        request.setInt(5, r.status());
        request.setBoolean(6, false);
        request.setObject(7, r.usage().map(RequestRecord.Usage::promptTokens).orElse(null));
        request.setObject(8, r.usage().map(RequestRecord.Usage::completionTokens).orElse(null));
        request.setObject(9, r.usage().map(RequestRecord.Usage::totalTokens).orElse(null));
        request.addBatch();
      }
      request.executeBatch();
      for (ErrorRecord e : errors) {
        error.setLong(1, e.at().toEpochMilli());
        error.setString(2, e.provider());
        error.setString(3, e.keyId().orElse(null));
        error.setString(4, e.model().orElse(null));
        error.setInt(5, e.status());
        error.addBatch();
      }
      error.executeBatch();
    }
  }
}
