package io.openaibalance.bench.report;

/**
 * What the rest of the machine spent while a target was measured: on two cores the mock and the
 * driver compete with the target, so a busy driver is a reason to distrust saturation numbers.
 *
 * @param mockCpuSecondsPer10k the mock upstream's CPU seconds per 10,000 requests
 * @param driverCpuSecondsPer10k the harness's own (load driver) CPU seconds per 10,000 requests
 * @param driverCpuPercent the harness's CPU time over the phase's wall time, in % of one core
 */
public record LoadSideCost(double mockCpuSecondsPer10k, double driverCpuSecondsPer10k,
    double driverCpuPercent) { }
