/**
 * The HTTP entry: routing to the relay or elsewhere, health, and the one OpenAI-style error writer.
 */
package io.openaibalance.web;
