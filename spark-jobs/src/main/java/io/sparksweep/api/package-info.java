/**
 * The public Java API for sweeping a network of your own: implement {@link io.sparksweep.api.SweepModel}
 * (and optionally {@link io.sparksweep.api.SuppliesData}), declare the hyperparameters it reads with
 * {@link io.sparksweep.api.Param}, and read them in {@code build} through
 * {@link io.sparksweep.api.TrialContext#hyperparameters()}. To store figures of your own beside accuracy
 * and loss, return {@link io.sparksweep.api.Metric}s from {@link io.sparksweep.api.SweepModel#metrics()}.
 *
 * <p>Name the class in a sweep file as {@code model: {class: com.example.MyModel}} and give its jar to
 * the launcher with {@code --jars} (README, "Your own network"); or run a sweep from code on your own
 * {@code SparkSession} with {@link io.sparksweep.api.Sweeps}, which also takes the model in code: a class,
 * or a lambda ({@link io.sparksweep.api.NetworkBuilder}) made into a model by
 * {@link io.sparksweep.api.SweepModel#of}. One instance is made per trial (through the public
 * no-argument constructor, or as a fresh copy of the given instance). {@code sparksweep retrain} (or
 * {@link io.sparksweep.api.Sweeps#retrain} for a model made in code) trains the winner again across the
 * executors, its network built for the winner trial's context. The names and signatures here
 * are meant to stay.
 */
package io.sparksweep.api;
