package io.openaibalance.egress;

import io.openaibalance.secret.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Binds an upstream key to one proxy by rendezvous (highest-random-weight) hashing: every
 * candidate gets a score from the key id and the proxy's {@link ProxyAddress#id()}, and the
 * highest score wins.
 *
 * <p>Why rendezvous: the winner depends only on the key and the candidate set, not on list order,
 * so every instance and every restart agrees; removing a proxy moves only the keys it had, and
 * adding one moves to it only the keys it now wins (about 1/n of them). Marking a proxy unhealthy
 * is just leaving it out of the candidates, and its keys come back when it returns.
 *
 * <p>The hash is part of the contract: changing it would move every key to a different proxy on
 * upgrade, so {@code ProxyBindingTest} pins some assignments. Scores are {@code fmix64(h(key) xor
 * h(proxy))}, where {@code h(key)} is the first 64 bits of the key id's SHA-256 and {@code
 * h(proxy)} the 64 bits of the proxy id (itself SHA-256 based); one SHA-256 per call and a few
 * multiplications per candidate keep this cheap enough for the request path.
 */
public final class ProxyBinding {
  private ProxyBinding() {}

  /**
   * The proxy that {@code keyId} is bound to among {@code candidates} (the healthy proxies), or
   * empty when there is none. Pure: the same arguments give the same answer in every JVM.
   */
  public static Optional<ProxyAddress> choose(String keyId, Collection<ProxyAddress> candidates) {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(candidates, "candidates");
    long keyHash = keyHash(keyId);
    ProxyAddress best = null;
    long bestScore = 0;
    for (ProxyAddress candidate : candidates) {
      long score = score(keyHash, candidate);
      if (best == null || beats(score, candidate, bestScore, best)) {
        best = candidate;
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  // Equal scores need a tie-break that ignores list order, or two instances could disagree.
  private static boolean beats(
      long score, ProxyAddress candidate, long bestScore, ProxyAddress best) {
    int byScore = Long.compareUnsigned(score, bestScore);
    return byScore > 0 || (byScore == 0 && candidate.id().compareTo(best.id()) < 0);
  }

  static long keyHash(String keyId) {
    return ByteBuffer.wrap(Secret.sha256(keyId.getBytes(StandardCharsets.UTF_8))).getLong();
  }

  static long score(long keyHash, ProxyAddress proxy) {
    return fmix64(keyHash ^ proxy.idBits());
  }

  /** MurmurHash3's 64-bit finalizer: a bijection in which every input bit flips half the output. */
  private static long fmix64(long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
