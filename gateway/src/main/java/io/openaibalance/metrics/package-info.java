/** Every meter of the gateway and the Prometheus text served at {@code /metrics}. */
package io.openaibalance.metrics;
