/**
 * What every package shares: the exceptions users see ({@link io.sparksweep.util.SweepException}
 * and its kinds, each with an exit code), SHA-256 hashing and memory sizes. Pure Java.
 */
package io.sparksweep.util;
