/**
 * Cluster mode: instances behind one load balancer share key state, settings changes and the
 * running of scheduled jobs through Redis. Every instance keeps serving from its own in-memory
 * view; Redis only carries changes between views (pub/sub), the agreed state of each key (one
 * hash), and the lease that picks the instance running the jobs. Nothing here is on the request
 * path: a request never waits on Redis.
 */
package io.openaibalance.cluster;
