package io.sparksweep.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Which nd4j-native build this jar carries (the pom's {@code nd4j.build}: "-onednn"), and making
 * JavaCPP load it: it looks for the natives under {@code linux-x86_64<extension>/} and, without the
 * extension set, fails to find any. The launchers pass the flag; this covers JVMs started another
 * way (an IDE, a custom spark-submit), as long as it runs before the first use of ND4J.
 */
public final class NativeBuild {

    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    private static final String EXTENSION = load();

    private NativeBuild() {}

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = NativeBuild.class.getResourceAsStream("/io/sparksweep/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // no build information: JavaCPP's default (the plain build) is all we can ask for
        }
        return p.getProperty("nd4j.build", "");
    }

    /** The native folder's extension this jar was built with, e.g. "-onednn"; "" for the plain build. */
    public static String extension() {
        return EXTENSION;
    }

    /**
     * Loads ND4J's native libraries (a few seconds for the oneDNN build) on a daemon thread, so that
     * a local-mode driver's first trial does not wait for them. Failures are left to the first real
     * use, which reports them.
     */
    public static void warmUpInBackground() {
        select();
        Thread t = new Thread(
                () -> {
                    try {
                        Nd4j.create(DataType.FLOAT, 1).close();
                        // and DL4J's JSON for configurations: the first network a trial stores costs 0.2 s more without
                        // it
                        new NeuralNetConfiguration.Builder()
                                .list()
                                .layer(new OutputLayer.Builder().nIn(1).nOut(1).build())
                                .build()
                                .toJson();
                    } catch (Throwable ignored) {
                        // reported where ND4J is used for real
                    }
                },
                "sparksweep-nd4j-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Points JavaCPP at this jar's native build unless the JVM was started with a choice of its own,
     * and switches DL4J's oneDNN layer helpers on ({@link LayerHelpers}): every entry point of the
     * driver and the executors calls this first.
     */
    public static void select() {
        if (!EXTENSION.isEmpty() && System.getProperty(EXTENSION_PROPERTY) == null) {
            System.setProperty(EXTENSION_PROPERTY, EXTENSION);
        }
        LayerHelpers.switchOn();
    }
}
