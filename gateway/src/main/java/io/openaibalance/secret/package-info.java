/**
 * The {@link io.openaibalance.secret.Secret} type shared by configuration, authentication and key
 * pools: a credential whose text form is always masked.
 */
package io.openaibalance.secret;
