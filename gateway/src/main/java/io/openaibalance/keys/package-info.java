/**
 * Upstream keys and their live health: pools handed out round robin, health swapped by compare-
 * and-set, state restored from and reported to the store.
 */
package io.openaibalance.keys;
