/**
 * The benchmark command: options, the scenario catalogue, and the run that measures each target
 * in turn against one mock upstream. Targets live in {@code target}, the load in {@code load},
 * the tables and JSON in {@code report}.
 */
package io.openaibalance.bench;
