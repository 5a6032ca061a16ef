package io.openaibalance.egress;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every proxy the configuration names, by id, living as long as the gateway: a reload reuses the
 * {@link LiveProxy} of a proxy that stays, so its health survives. The epoch counts changes of any
 * proxy's usability, so pools recompute their healthy set only when something changed.
 */
public final class ProxyRegistry {
  private final Map<String, LiveProxy> byId = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();

  /** The live proxies for {@code addresses}, made on first sight. */
  public List<LiveProxy> resolve(List<ProxyAddress> addresses) {
    List<LiveProxy> live = new ArrayList<>(addresses.size());
    for (ProxyAddress address : addresses) {
      live.add(byId.compute(address.id(), (id, existing) ->
          // A changed password keeps the id; the new address (with it) must be used.
          existing != null && existing.address().equals(address) ? existing
              : new LiveProxy(address, epoch::incrementAndGet)));
    }
    return live;
  }

  /** Forgets proxies no longer configured anywhere. */
  public void retainOnly(Collection<ProxyAddress> configured) {
    Set<String> ids = new HashSet<>();
    configured.forEach(address -> ids.add(address.id()));
    byId.keySet().retainAll(ids);
    epoch.incrementAndGet();
  }

  public List<LiveProxy> all() {
    return List.copyOf(byId.values());
  }

  long epoch() {
    return epoch.get();
  }
}
