package io.openaibalance.config;

import io.openaibalance.secret.Secret;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Cluster mode ({@code REDIS_URL}, {@code REDIS_KEY_PREFIX}): when a Redis URL is set, instances
 * that share it and one database share key state, settings and scheduled jobs.
 *
 * @param redisUrl the connection URL, which may carry a password; empty: single-instance mode
 * @param keyPrefix prefixes every Redis key and channel, so two clusters can share one Redis
 */
public record ClusterSettings(Optional<Secret> redisUrl, String keyPrefix) {
  public static final ClusterSettings SINGLE = new ClusterSettings(Optional.empty(), "openai-balance");

  public ClusterSettings {
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
  }

  public boolean enabled() {
    return redisUrl.isPresent();
  }

  /** The URL as logs and pages may show it: the password replaced by {@code ***}. */
  public String maskedUrl() {
    return redisUrl.map(url -> masked(url.reveal())).orElse("");
  }

  /** {@code redis://:***@host:6379/0}; an unparsable URL is masked whole. */
  static String masked(String url) {
    try {
      URI uri = new URI(url.strip());
      String userInfo = uri.getRawUserInfo();
      if (userInfo == null) {
        return uri.toString();
      }
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      // A lone user-info part is the password in redis://password@host, as Redis clients read it.
      String shown = colon < 0 ? "***" : user + ":***";
      return uri.getScheme() + "://" + shown + "@" + uri.getRawAuthority()
          .substring(userInfo.length() + 1) + Optional.ofNullable(uri.getRawPath()).orElse("");
    } catch (java.net.URISyntaxException e) {
      return Secret.mask(url);
    }
  }
}
