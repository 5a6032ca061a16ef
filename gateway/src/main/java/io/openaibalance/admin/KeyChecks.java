package io.openaibalance.admin;

import io.openaibalance.keys.PooledKey;
import io.openaibalance.provider.Provider;
import io.openaibalance.relay.KeyVerifier;
import io.openaibalance.relay.KeyVerifier.KeyCheck;
import io.openaibalance.relay.RelaySnapshot;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Key checks on the live pools (the ones that serve traffic): one key by id, several, or every
 * disabled key (the re-check job). Keys are found by id, never by the key itself.
 */
public final class KeyChecks {
  /** Keys checked at once: each check is one upstream request. */
  static final int PARALLEL = 8;

  private record Found(Provider provider, PooledKey key) {}

  private final KeyVerifier verifier;
  private final Supplier<RelaySnapshot> snapshots;

  public KeyChecks(KeyVerifier verifier, Supplier<RelaySnapshot> snapshots) {
    this.verifier = verifier;
    this.snapshots = snapshots;
  }

  /** Checks the key with this id (in {@code provider} when given); empty when there is none. */
  public Future<Optional<KeyCheck>> verify(String keyId, Optional<String> provider) {
    Optional<Found> found = find(List.of(keyId), provider).stream().findFirst();
    if (found.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return verify(found.get()).map(Optional::of);
  }

  /** Checks these keys (unknown ids are left out of the result). */
  public Future<List<KeyCheck>> verify(Collection<String> keyIds, Optional<String> provider) {
    return BoundedBatch.run(find(keyIds, provider), PARALLEL, this::verify);
  }

  /** Checks every disabled key of every provider; the ones that pass serve traffic again. */
  public Future<List<KeyCheck>> recheckDisabled() {
    List<Found> disabled = new ArrayList<>();
    for (Provider provider : snapshots.get().providers().all()) {
      for (PooledKey key : provider.keys().keys()) {
        if (key.health().disabled()) {
          disabled.add(new Found(provider, key));
        }
      }
    }
    return BoundedBatch.run(disabled, PARALLEL, this::verify);
  }

  private Future<KeyCheck> verify(Found found) {
    Duration cooldown = snapshots.get().settings().defaultRateLimitCooldown();
    return verifier.verify(found.provider(), found.key(), cooldown);
  }

  private List<Found> find(Collection<String> keyIds, Optional<String> providerName) {
    List<Found> found = new ArrayList<>();
    for (Provider provider : snapshots.get().providers().all()) {
      if (providerName.isPresent() && !providerName.get().equals(provider.name())) {
        continue;
      }
      for (PooledKey key : provider.keys().keys()) {
        if (keyIds.contains(key.id())) {
          found.add(new Found(provider, key));
        }
      }
    }
    return found;
  }
}
