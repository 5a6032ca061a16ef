/**
 * Providers as they serve traffic, and routing of a request path to a provider and endpoint.
 */
package io.openaibalance.provider;
