/**
 * Configuration: the variables ({@code Variable}), their sources (.env, environment, admin layer),
 * validation that names the field, and the immutable {@code Settings} snapshot swapped as a whole.
 */
package io.openaibalance.config;
