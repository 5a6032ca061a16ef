/**
 * Outbound proxies: {@code PROXIES} parsed into {@link io.openaibalance.egress.ProxyAddress}
 * values, and each upstream key bound to one healthy proxy ({@link
 * io.openaibalance.egress.ProxyBinding}).
 */
package io.openaibalance.egress;
