package org.nd4j.nativeblas;

/**
 * Lets DL4J 1.0.0-M2.1 find out that its oneDNN layer helpers may run. Its
 * {@code BaseMKLDNNHelper.mklDnnEnabled()} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * by name, a class that moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings} in that release, so
 * the check always failed and no convolution, pooling or batch-norm layer ever used oneDNN. This is
 * the class it looks for, answering with what the loaded native build really says. Why a class on the
 * classpath and not a class loader given to {@code DL4JClassLoading}: that loader would replace the
 * one DL4J loads every other class with, on the driver and on every executor; this class is found
 * by any loader that finds DL4J itself (the shaded jar holds both). {@code LayerHelpers} in
 * {@code io.sparksweep.train} switches the helpers on.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {}

    /** What {@code BaseMKLDNNHelper} calls by reflection: {@code getInstance().isUseMKLDNN()}. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        /** The one instance, as the real class has. */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether libnd4j was built with oneDNN and uses it: false on the plain build, so no helper loads there. */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance()
                    .isUseONEDNN();
        }
    }
}
