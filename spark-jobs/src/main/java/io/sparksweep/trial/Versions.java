package io.sparksweep.trial;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions fixed at build time (from the pom), recorded in every trial row. */
public final class Versions {
    private static final Properties P = new Properties();

    static {
        try (InputStream in = Versions.class.getResourceAsStream("/io/sparksweep/version.properties")) {
            if (in != null) {
                P.load(in);
            }
        } catch (IOException ignored) {
            // unknown versions are reported as "unknown" below
        }
    }

    private Versions() {}

    public static String sparksweep() {
        return P.getProperty("sparksweep.version", "unknown");
    }

    public static String dl4j() {
        return P.getProperty("dl4j.version", "unknown");
    }

    /**
     * The BLAS this JVM's ND4J runs its GEMMs on: the launcher names a system OpenBLAS it chose
     * (deploy/run-local.sh), otherwise the one bundled with ND4J. Float rounding differs between them.
     */
    public static String blas() {
        return System.getProperty(
                "sparksweep.blas", "OpenBLAS " + P.getProperty("openblas.version", "unknown") + " (bundled)");
    }
}
