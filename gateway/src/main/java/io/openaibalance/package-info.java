/**
 * OpenAI Balance: {@code Main} and the one composition root ({@code Gateway}, {@code Application})
 * that builds every long-lived part by constructor.
 */
package io.openaibalance;
