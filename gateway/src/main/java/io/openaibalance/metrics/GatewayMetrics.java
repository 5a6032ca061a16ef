package io.openaibalance.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.openaibalance.failover.FailureClass;
import io.openaibalance.keys.KeyStatus;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.provider.Provider;
import io.openaibalance.provider.ProviderDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every meter of the gateway in one place. Labels are bounded: provider names (configured),
 * status codes, failure kinds and key states; never a key, a token, a model name a client made
 * up, or a raw path. Meters are looked up once per provider and status, then reused, so a
 * request costs a map read and the meter's own update.
 */
public final class GatewayMetrics {
  /** The label for requests that never reached a provider (bad path, no token). */
  public static final String NO_PROVIDER = "none";
  /** Distinct model names kept as labels; later ones count as {@code other}. */
  static final int MODEL_LABELS = 200;

  private final PrometheusMeterRegistry registry;
  private final Map<String, Meters> byProviderAndStatus = new ConcurrentHashMap<>();
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Map<ModelSlot, Counter> byModel = new ConcurrentHashMap<>();

  /** A key without string building: the names are already hashed strings. */
  private record ModelSlot(String provider, String model, int status, String kind) {}
  private final BoundedLabels models = new BoundedLabels(MODEL_LABELS);
  private final MultiGauge keysByState;
  private final Supplier<ProviderDirectory> providers;
  private final Clock clock;

  private record Meters(Counter requests, Timer latency, Timer firstByte) {}

  public GatewayMetrics(Supplier<ProviderDirectory> providers, Clock clock) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.providers = providers;
    this.clock = clock;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    this.keysByState = MultiGauge.builder("openai_balance_keys")
        .description("Upstream keys by provider and state")
        .register(registry);
  }

  /** A request answered: its final status, time to the end and to the first byte. */
  public void requestCompleted(String provider, int status, long latencyNanos, long firstByteNanos) {
    Meters meters = byProviderAndStatus.computeIfAbsent(provider + '|' + status, slot -> meters(provider, status));
    meters.requests().increment();
    meters.latency().record(latencyNanos, TimeUnit.NANOSECONDS);
    if (firstByteNanos >= 0) {
      meters.firstByte().record(firstByteNanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * A relayed request ended: counted by provider, model and status, and its token usage (when the
   * response reported one) by provider and model.
   */
  public void relayed(String provider, String model, int status, long promptTokens,
      long completionTokens) {
    String label = models.label(model);
    counter(new ModelSlot(provider, label, status, null)).increment();
    if (promptTokens > 0) {
      counter(new ModelSlot(provider, label, 0, "prompt")).increment(promptTokens);
    }
    if (completionTokens > 0) {
      counter(new ModelSlot(provider, label, 0, "completion")).increment(completionTokens);
    }
  }

  /** The counter of a slot: requests by status when it has no kind, else tokens of that kind. */
  private Counter counter(ModelSlot slot) {
    Counter counter = byModel.get(slot);
    return counter != null ? counter : byModel.computeIfAbsent(slot, s -> s.kind() == null
        ? Counter.builder("openai_balance_model_requests")
            .description("Relayed requests by provider, model and final status")
            .tags("provider", s.provider(), "model", s.model(), "status",
                Integer.toString(s.status()))
            .register(registry)
        : Counter.builder("openai_balance_tokens")
            .description("Tokens reported by the upstream, by provider, model and kind")
            .tags("provider", s.provider(), "model", s.model(), "kind", s.kind())
            .register(registry));
  }

  /** An attempt failed and the request moved on to another key. */
  public void retried(String provider, FailureClass reason) {
    retries.computeIfAbsent(provider + '|' + reason, slot -> Counter.builder("openai_balance_retries")
            .description("Attempts retried on another key, by the failure that caused them")
            .tags("provider", provider, "reason", reason.name().toLowerCase(java.util.Locale.ROOT))
            .register(registry))
        .increment();
  }

  /** Registers a gauge read at each scrape, e.g. a queue depth. */
  public void gauge(String name, String description, Supplier<Number> value) {
    io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
  }

  /** The Prometheus text exposition, with key states counted now. */
  public String scrape() {
    refreshKeyStates();
    return registry.scrape();
  }

  private void refreshKeyStates() {
    Instant now = clock.instant();
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Provider provider : providers.get().all()) {
      Map<KeyStatus, Integer> counts = new EnumMap<>(KeyStatus.class);
      for (KeyStatus status : KeyStatus.values()) {
        counts.put(status, 0);
      }
      for (PooledKey key : provider.keys().keys()) {
        counts.merge(key.health().status(now), 1, Integer::sum);
      }
      counts.forEach((status, count) -> rows.add(MultiGauge.Row.of(
          Tags.of("provider", provider.name(), "state", status.name().toLowerCase(java.util.Locale.ROOT)),
          count)));
    }
    keysByState.register(rows, true);
  }

  private Meters meters(String provider, int status) {
    Tags tags = Tags.of("provider", provider, "status", Integer.toString(status));
    return new Meters(
        Counter.builder("openai_balance_requests").description("Requests answered").tags(tags)
            .register(registry),
        Timer.builder("openai_balance_request_duration").description("Time to the last byte")
            .tags(tags).publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry),
        Timer.builder("openai_balance_first_byte").description("Time to the first response byte")
            .tags(tags).publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry));
  }
}
