package io.openaibalance.relay;

import io.openaibalance.failover.RateLimitReset;
import io.openaibalance.keys.KeyHealth;
import io.openaibalance.keys.PooledKey;
import io.openaibalance.provider.Provider;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed attempt means for its key, carried out: a key-caused failure counts towards
 * disabling it, a rate limit cools it down until the provider's reset time, anything else leaves
 * it alone. Traffic and key verification both go through here, so a key is judged the same way
 * whoever used it.
 */
final class KeyVerdicts {
  private static final Logger LOG = LoggerFactory.getLogger(KeyVerdicts.class);

  private KeyVerdicts() {}

  /**
   * @param headers the failed response's headers (for the rate-limit reset), by name
   * @param defaultCooldown the cooldown when a 429 names no reset time
   */
  static void apply(PooledKey key, Provider provider, FailedAttempt failed,
      Function<String, String> headers, Duration defaultCooldown, Instant now) {
    switch (failed.failure().keyEffect()) {
      case COUNT_FAILURE -> {
        boolean wasDisabled = key.health().disabled();
        KeyHealth after =
            key.recordKeyFault(failed.describe(), now, provider.settings().maxFailures());
        if (after.disabled() && !wasDisabled) {
          LOG.warn("Key {} of provider '{}' disabled after {} failures (last: {})",
              key.secret().masked(), provider.name(), after.failures(), failed.describe());
        }
      }
      case COOL_DOWN -> {
        Instant until = RateLimitReset.resetTime(headers, now).orElse(now.plus(defaultCooldown));
        key.recordRateLimit(failed.describe(), now, until);
        LOG.info("Key {} of provider '{}' rate limited until {}",
            key.secret().masked(), provider.name(), until);
      }
      case NONE -> {
        // The provider's or the network's trouble: the key is not to blame.
      }
    }
  }
}
