/** Who may call the gateway: client tokens for the relay (admin sessions come later). */
package io.openaibalance.auth;
