/**
 * The in-process load driver: a Vert.x HTTP client, an open-loop (fixed-rate) and a closed-loop
 * (fixed-concurrency) driver, and the HdrHistogram recording of one phase.
 */
package io.openaibalance.bench.load;
