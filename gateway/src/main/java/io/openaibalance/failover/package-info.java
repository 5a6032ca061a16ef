/**
 * Pure decisions about a failed attempt: what kind of failure it is, whether to retry, and how
 * long a rate-limited key cools down.
 */
package io.openaibalance.failover;
