package io.openaibalance.cluster;

import java.util.Objects;

/**
 * The Redis keys and channels of one cluster, all under its {@code REDIS_KEY_PREFIX}, so two
 * clusters (or two tests) can share one Redis without seeing each other.
 */
public record ClusterNames(String prefix) {
  public ClusterNames {
    Objects.requireNonNull(prefix, "prefix");
  }

  /** A hash: field {@code provider/keyId}, value the key's agreed health as JSON. */
  public String keyState() {
    return prefix + ":key-state";
  }

  /** Carries each change of a key's agreed health: {@code provider/keyId}, a newline, the JSON. */
  public String keyChanges() {
    return prefix + ":key-changes";
  }

  /** Carries the id of an instance that saved an admin change to the shared database. */
  public String configChanges() {
    return prefix + ":config-changes";
  }

  /** A string with a time to live: the id of the instance that runs the scheduled jobs. */
  public String jobLease() {
    return prefix + ":job-lease";
  }

  /** Tells the other instances that the job lease was given back, so one takes it at once. */
  public String jobLeaseReleased() {
    return prefix + ":job-lease-released";
  }
}
