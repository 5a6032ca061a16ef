/**
 * Configuration: the list of known variables ({@link io.openaibalance.config.Variable}), the
 * sources they come from (admin overrides, the process environment, the {@code .env} file,
 * defaults), validation into one immutable {@link io.openaibalance.config.Settings} snapshot whose
 * errors name the field, the holder that swaps snapshots atomically, and the {@code .env} watcher.
 */
package io.openaibalance.config;
