package io.openaibalance.admin;

import io.openaibalance.egress.LiveProxy;
import io.openaibalance.egress.ProxyAddress;
import io.openaibalance.egress.ProxyChecker;
import io.openaibalance.egress.ProxyChecker.ProxyCheck;
import io.openaibalance.egress.ProxyRegistry;
import io.openaibalance.relay.RelaySnapshot;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxy checks: one URL (recorded in the proxy's health when it is configured), or every
 * configured proxy (the admin's "check all" and the scheduled job). A disabled proxy that passes
 * is enabled again and takes its keys back.
 */
public final class ProxyChecks {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyChecks.class);
  static final int PARALLEL = 8;

  private final ProxyChecker checker;
  private final ProxyRegistry registry;
  private final Supplier<RelaySnapshot> snapshots;

  public ProxyChecks(ProxyChecker checker, ProxyRegistry registry,
      Supplier<RelaySnapshot> snapshots) {
    this.checker = checker;
    this.registry = registry;
    this.snapshots = snapshots;
  }

  /**
   * @throws IllegalArgumentException when {@code url} is not a proxy URL (the message masks it)
   */
  public Future<ProxyCheck> check(String url) {
    ProxyAddress address = ProxyAddress.parse(url);
    for (LiveProxy proxy : registry.all()) {
      if (proxy.address().equals(address)) {
        return check(proxy);
      }
    }
    return checker.probe(address, snapshots.get().settings().proxies());
  }

  /** Checks the live proxy with this id (the page only knows masked URLs), if there is one. */
  public java.util.Optional<Future<ProxyCheck>> checkById(String id) {
    return registry.all().stream().filter(proxy -> proxy.address().id().equals(id)).findFirst()
        .map(this::check);
  }

  public Future<List<ProxyCheck>> checkAll() {
    return BoundedBatch.run(registry.all(), PARALLEL, this::check);
  }

  private Future<ProxyCheck> check(LiveProxy proxy) {
    boolean wasDisabled = proxy.health().disabled();
    return checker.check(proxy, snapshots.get().settings().proxies()).map(check -> {
      if (wasDisabled && check.available()) {
        LOG.info("Proxy {} passed a check and is enabled again", proxy);
      } else if (!wasDisabled && proxy.health().disabled()) {
        LOG.warn("Proxy {} disabled after failing checks (last: {})", proxy,
            check.error().orElse("failed"));
      }
      return check;
    });
  }
}
