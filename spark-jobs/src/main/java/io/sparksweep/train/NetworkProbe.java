package io.sparksweep.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What a stored network takes and gives, found by running one example of zeros through it. */
public final class NetworkProbe {

    private NetworkProbe() {}

    /**
     * The outputs per example of {@code net} given {@code inputs} values.
     *
     * @throws RuntimeException DL4J's, when the network does not take that many inputs
     */
    public static long outputs(Net net, int inputs) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        try (INDArray zeros = Nd4j.zeros(DataType.FLOAT, 1, inputs)) {
            INDArray y = net.output(zeros);
            long n = y.length();
            y.close();
            return n;
        }
    }

    /** The first line of a failure's message, or its class name. */
    public static String firstLine(Throwable e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("");
    }
}
