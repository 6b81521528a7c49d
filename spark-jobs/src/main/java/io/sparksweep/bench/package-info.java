/**
 * Benchmark and check mains run by the scripts in deploy/ (speed against PyTorch, slot use, driver
 * scale, table scale, cluster checks, racing replayed on a full grid), and the simulated trainer the scale benchmark uses. Nothing on
 * a sweep's path may import this package (an ArchUnit test keeps it so).
 */
package io.sparksweep.bench;
