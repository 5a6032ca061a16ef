/**
 * Pure decisions about failed upstream attempts: what kind of failure it was ({@link
 * io.openaibalance.failover.FailureClass}), what it means for the key, and when a rate-limited key
 * may be used again. Nothing here does I/O; the relay carries the decisions out.
 */
package io.openaibalance.failover;
