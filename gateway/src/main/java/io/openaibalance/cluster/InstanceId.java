package io.openaibalance.cluster;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Names this process among the instances of a cluster: the host name (as containers set it) and
 * random digits, so two processes on one host, or a restarted one, never share a name.
 */
public final class InstanceId {
  private InstanceId() {}

  public static String generate() {
    String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank())
        .map(h -> h.replaceAll("[^A-Za-z0-9._-]", "")).orElse("instance");
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return (host.length() > 40 ? host.substring(0, 40) : host) + "-"
        + HexFormat.of().formatHex(random);
  }
}
