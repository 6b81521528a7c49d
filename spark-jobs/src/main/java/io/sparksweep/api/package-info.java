/**
 * The public Java API for sweeping a network of your own: implement {@link io.sparksweep.api.SweepModel}
 * (and optionally {@link io.sparksweep.api.SuppliesData}), declare the hyperparameters it reads with
 * {@link io.sparksweep.api.Param}, and read them in {@code build} through
 * {@link io.sparksweep.api.TrialContext#hyperparameters()}.
 *
 * <p>Status: these types are the contract the sweep file's {@code model: {class: ...}} key will load
 * (issue 21, planned in {@code docs/plans/user-models.md}); sweeps do not load user classes yet. The
 * names and signatures here are meant to stay.
 */
package io.sparksweep.api;
