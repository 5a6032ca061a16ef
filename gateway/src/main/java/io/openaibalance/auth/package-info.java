/**
 * Who may call: client tokens looked up by hash, never compared as text.
 */
package io.openaibalance.auth;
