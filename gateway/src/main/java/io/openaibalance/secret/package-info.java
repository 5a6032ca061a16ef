/**
 * Credentials that never print themselves ({@code Secret}) and the box that seals the ones stored
 * in the database.
 */
package io.openaibalance.secret;
