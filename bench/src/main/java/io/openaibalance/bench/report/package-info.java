/**
 * Results and what is derived from them (added latency against direct, gateway/nginx ratios),
 * written as Markdown tables and as JSON.
 */
package io.openaibalance.bench.report;
