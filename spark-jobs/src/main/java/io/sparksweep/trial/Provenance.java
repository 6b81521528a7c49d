package io.sparksweep.trial;

import java.io.Serializable;

/** Versions and hashes that let anyone tell which code, which sweep file and which data made a row. */
public record Provenance(
        String sparksweepVersion,
        String javaVersion,
        String sparkVersion,
        String dl4jVersion,
        String blas,
        String sweepSha256,
        String datasetSha256)
        implements Serializable {}
