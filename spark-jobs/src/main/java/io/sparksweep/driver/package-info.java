/**
 * One sweep, start to finish, on the Spark driver: {@link io.sparksweep.driver.SweepRun} checks the
 * output folder, starts Spark, loads the data, runs the pending trials (all at once, or rung by rung
 * with early stopping and tpe in {@link io.sparksweep.driver.AdaptiveTrials}), then summarises, keeps
 * models and writes the report. It reaches Spark only through {@link io.sparksweep.spark}.
 */
package io.sparksweep.driver;
