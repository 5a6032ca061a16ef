package io.openaibalance.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProxyBindingTest {
  private static final List<String> KEY_IDS =
      IntStream.range(0, 1000).mapToObj(i -> "key-" + i).toList();

  @Test
  void givesTheSameAnswerEveryTimeWhateverTheCandidateOrder() {
    List<ProxyAddress> proxies = proxies(5);
    List<ProxyAddress> reversed = new ArrayList<>(proxies);
    Collections.reverse(reversed);

    for (String keyId : KEY_IDS) {
      ProxyAddress chosen = ProxyBinding.choose(keyId, proxies).orElseThrow();
      assertThat(ProxyBinding.choose(keyId, proxies)).contains(chosen);
      assertThat(ProxyBinding.choose(keyId, reversed)).contains(chosen);
    }
  }

  @Test
  void choosesNothingWithoutCandidatesAndTheOnlyOneWithOne() {
    ProxyAddress only = ProxyAddress.parse("http://only:3128");

    assertThat(ProxyBinding.choose("key-1", List.of())).isEmpty();
    assertThat(ProxyBinding.choose("key-1", List.of(only))).contains(only);
  }

  @Test
  void spreadsKeysEvenlyWithAFixedDistribution() {
    Map<String, Integer> counts = new TreeMap<>();
    for (String keyId : KEY_IDS) {
      counts.merge(ProxyBinding.choose(keyId, proxies(4)).orElseThrow().host(), 1, Integer::sum);
    }

    assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween(200, 300));
    // Pinned, like every number in this class: a different hash would rebind keys on upgrade.
    assertThat(counts).isEqualTo(Map.of(
        "proxy-0.example", 246, "proxy-1.example", 237, "proxy-2.example", 253,
        "proxy-3.example", 264));
  }

  @Test
  void bindsPinnedKeysToPinnedProxies() {
    List<ProxyAddress> proxies = List.of(
        ProxyAddress.parse("http://alice:pw@proxy-a.example:3128"),
        ProxyAddress.parse("socks5://proxy-b.example"),
        ProxyAddress.parse("socks5h://bob:pw@10.1.2.3:1081"));

    Map<String, String> chosen = new LinkedHashMap<>();
    for (String keyId : List.of("0123456789abcdef", "fedcba9876543210", "key-1", "key-2", "")) {
      chosen.put(keyId, ProxyBinding.choose(keyId, proxies).orElseThrow().host());
    }

    assertThat(chosen).containsExactly(
        Map.entry("0123456789abcdef", "proxy-a.example"),
        Map.entry("fedcba9876543210", "proxy-b.example"),
        Map.entry("key-1", "proxy-b.example"),
        Map.entry("key-2", "10.1.2.3"),
        Map.entry("", "proxy-a.example"));
  }

  @Test
  void removingAProxyMovesOnlyTheKeysThatWereOnIt() {
    List<ProxyAddress> five = proxies(5);
    ProxyAddress removed = five.get(2);
    List<ProxyAddress> four = five.stream().filter(p -> p != removed).toList();

    Map<String, ProxyAddress> before = bind(five);
    Map<String, ProxyAddress> after = bind(four);

    for (String keyId : KEY_IDS) {
      if (before.get(keyId).equals(removed)) {
        assertThat(after.get(keyId)).isNotEqualTo(removed);
      } else {
        assertThat(after.get(keyId)).as(keyId).isEqualTo(before.get(keyId));
      }
    }
    // The removed proxy's keys spread over the others instead of piling onto one.
    Map<ProxyAddress, Long> moved = KEY_IDS.stream().filter(k -> before.get(k).equals(removed))
        .collect(Collectors.groupingBy(after::get, Collectors.counting()));
    assertThat(moved).hasSize(4);
  }

  @Test
  void addingAProxyMovesAboutASixthOfTheKeysAndOnlyToTheNewOne() {
    List<ProxyAddress> five = proxies(5);
    List<ProxyAddress> six = proxies(6);
    ProxyAddress added = six.get(5);

    Map<String, ProxyAddress> before = bind(five);
    Map<String, ProxyAddress> after = bind(six);

    List<String> moved = KEY_IDS.stream().filter(k -> !after.get(k).equals(before.get(k))).toList();
    assertThat(moved).allSatisfy(keyId -> assertThat(after.get(keyId)).isEqualTo(added));
    assertThat(moved.size()).isBetween(1000 / 6 - 40, 1000 / 6 + 40);
  }

  private static Map<String, ProxyAddress> bind(List<ProxyAddress> proxies) {
    Map<String, ProxyAddress> bound = new LinkedHashMap<>();
    KEY_IDS.forEach(keyId -> bound.put(keyId, ProxyBinding.choose(keyId, proxies).orElseThrow()));
    return bound;
  }

  /** proxy-0 ... proxy-(n-1); a prefix of a longer list is the shorter list. */
  private static List<ProxyAddress> proxies(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> ProxyAddress.parse("socks5://user:pw@proxy-" + i + ".example:1080"))
        .toList();
  }
}
