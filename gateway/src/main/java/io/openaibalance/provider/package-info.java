/**
 * Providers as they serve traffic (settings, live key pool, upstream address), the directory that
 * finds them by name or path, and the routing of a request path to a provider and an endpoint.
 */
package io.openaibalance.provider;
