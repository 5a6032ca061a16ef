/**
 * What is measured: the mock upstream and the targets in front of it (direct, nginx, gateway
 * variants), each a separate OS process on a free loopback port, and the {@code /proc} accounting
 * of their CPU time and peak memory.
 */
package io.openaibalance.bench.target;
