package io.openaibalance.egress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The proxies one provider's traffic goes through, and the choice of one per attempt: by a stable
 * hash of the key ({@link ProxyBinding}) or at random, among the usable ones.
 *
 * <p>The request path pays a volatile read and a map lookup: the usable set is recomputed only when
 * some proxy's usability changed (the registry's epoch moved), and each key's binding is cached
 * until then.
 */
public final class ProxyPool {
  public static final ProxyPool NONE = new ProxyPool(List.of(), null, true, false);

  private record Usable(long epoch, List<ProxyAddress> addresses, Map<String, LiveProxy> byId,
      LiveProxy[] array) {}

  private record Binding(long epoch, LiveProxy proxy) {}

  private final List<LiveProxy> proxies;
  private final ProxyRegistry registry;
  private final boolean bindByKeyHash;
  private final boolean directFallback;
  private volatile Usable usable;
  private final Map<String, Binding> bindings = new ConcurrentHashMap<>();

  public ProxyPool(List<LiveProxy> proxies, ProxyRegistry registry, boolean bindByKeyHash,
      boolean directFallback) {
    this.proxies = List.copyOf(proxies);
    this.registry = registry;
    this.bindByKeyHash = bindByKeyHash;
    this.directFallback = directFallback;
  }

  public List<LiveProxy> proxies() {
    return proxies;
  }

  /** The route of one attempt with the key whose id is {@code keyId}. */
  public ProxyRoute route(String keyId) {
    if (proxies.isEmpty()) {
      return ProxyRoute.DIRECT;
    }
    Usable now = usable();
    if (now.array().length == 0) {
      return directFallback ? ProxyRoute.DIRECT : new ProxyRoute.Unavailable(proxies.size());
    }
    if (!bindByKeyHash) {
      return new ProxyRoute.Through(
          now.array()[ThreadLocalRandom.current().nextInt(now.array().length)]);
    }
    Binding bound = bindings.get(keyId);
    if (bound == null || bound.epoch() != now.epoch()) {
      Optional<ProxyAddress> chosen = ProxyBinding.choose(keyId, now.addresses());
      bound = new Binding(now.epoch(), now.byId().get(chosen.orElseThrow().id()));
      bindings.put(keyId, bound);
    }
    return new ProxyRoute.Through(bound.proxy());
  }

  private Usable usable() {
    long epoch = registry.epoch();
    Usable current = usable;
    if (current != null && current.epoch() == epoch) {
      return current;
    }
    List<ProxyAddress> addresses = new ArrayList<>();
    Map<String, LiveProxy> byId = new HashMap<>();
    for (LiveProxy proxy : proxies) {
      if (proxy.usable()) {
        addresses.add(proxy.address());
        byId.put(proxy.address().id(), proxy);
      }
    }
    current = new Usable(epoch, List.copyOf(addresses), Map.copyOf(byId),
        byId.values().toArray(LiveProxy[]::new));
    usable = current;
    return current;
  }
}
