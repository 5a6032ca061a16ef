package io.openaibalance.egress;

import io.vertx.core.net.ProxyOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One configured proxy and its live health, shared by every pool that lists it and kept across
 * configuration reloads (by {@link ProxyAddress#id()}), like a key's health.
 */
public final class LiveProxy {
  private final ProxyAddress address;
  private final ProxyOptions options;
  private final AtomicReference<ProxyHealth> health = new AtomicReference<>(ProxyHealth.FRESH);
  private final Runnable onUsabilityChange;

  LiveProxy(ProxyAddress address, Runnable onUsabilityChange) {
    this.address = Objects.requireNonNull(address, "address");
    // Built once: every request through this proxy reuses it (Vert.x only reads it).
    this.options = address.toProxyOptions();
    this.onUsabilityChange = onUsabilityChange;
  }

  public ProxyAddress address() {
    return address;
  }

  /** What a request through this proxy sets; never to be changed by the caller. */
  public ProxyOptions options() {
    return options;
  }

  public ProxyHealth health() {
    return health.get();
  }

  public boolean usable() {
    return !health.get().disabled();
  }

  /** A request through it got an answer: the proxy works. */
  public void recordTrafficSuccess() {
    if (health.get().consecutiveFailures() > 0) {
      update(ProxyHealth::afterTrafficSuccess);
    }
  }

  /**
   * A connection through it failed in a way that is the proxy's fault.
   *
   * @return whether this failure disabled it
   */
  public boolean recordTrafficFailure(String error, int maxFailures) {
    return update(h -> h.afterFailure(error, maxFailures, Optional.empty()));
  }

  /** A check passed: the proxy is enabled again if it was disabled. */
  public boolean recordCheckSuccess(Instant at, Duration responseTime) {
    return update(h -> h.afterCheckSuccess(at, responseTime));
  }

  /** @return whether this failed check disabled it */
  public boolean recordCheckFailure(String error, Instant at, int maxFailures) {
    return update(h -> h.afterFailure(error, maxFailures, Optional.of(at)));
  }

  /** @return whether usability changed */
  private boolean update(UnaryOperator<ProxyHealth> transition) {
    ProxyHealth before;
    ProxyHealth after;
    do {
      before = health.get();
      after = transition.apply(before);
    } while (!health.compareAndSet(before, after));
    boolean changed = before.disabled() != after.disabled();
    if (changed) {
      onUsabilityChange.run();
    }
    return changed;
  }

  @Override
  public String toString() {
    return address.masked();
  }
}
