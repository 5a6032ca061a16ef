package io.openaibalance.bench.report;

/**
 * What a target process cost over the measured phase.
 *
 * @param cpuSecondsPer10k user plus system CPU seconds of its processes per 10,000 requests
 * @param peakRssMib the processes' summed peak resident set over their life (this scenario's)
 */
public record ProcessCost(double cpuSecondsPer10k, double peakRssMib) { }
