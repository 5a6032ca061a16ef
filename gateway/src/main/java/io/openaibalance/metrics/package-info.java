/**
 * Every meter in one place, with bounded labels, served as Prometheus text on {@code /metrics}.
 */
package io.openaibalance.metrics;
