/**
 * Periodic background work: when each job runs ({@link io.openaibalance.jobs.Schedule}, a pure
 * value), which schedule each known job gets from the settings ({@link
 * io.openaibalance.jobs.JobPlan}), and the one scheduler that runs them on its own small thread
 * pool, never twice at once, and reports their state to the admin pages ({@link
 * io.openaibalance.jobs.JobScheduler}). The job bodies belong to the capabilities they serve.
 */
package io.openaibalance.jobs;
