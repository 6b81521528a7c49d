package io.sparksweep.examples.sequence;

import io.sparksweep.api.Hyperparameters;
import io.sparksweep.api.TrialContext;
import io.sparksweep.api.TrialData;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Not a test of the build: trains the model on real MNIST through the API, as a sweep's trial would, and
 * prints validation and test accuracy per epoch. Runs only when asked:
 * {@code ./mvnw -pl examples/sequence-lstm -am test -Dtest=RealMnistCheck -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmnist.dir=DIR} (optionally {@code -Dmnist.epochs=N}).
 */
class RealMnistCheck {

    @Test
    void trainOnRealMnist() {
        String dir = System.getProperty("mnist.dir");
        assumeTrue(dir != null, "give -Dmnist.dir=DIR to run it");
        int epochs = Integer.getInteger("mnist.epochs", 3);
        SequentialMnistModel model = new SequentialMnistModel(Path.of(dir));
        TrialContext trial = new TrialContext(
                new Hyperparameters(model.parameters(), Map.of()), 21L, "real-r0", 0, epochs, 64, null);
        TrialData data = model.data(trial);
        MultiLayerNetwork net = (MultiLayerNetwork) model.build(trial);
        net.init();
        System.out.println("defaults " + trial.hyperparameters() + ", batch 64, " + net.numParams() + " weights");
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            data.train().reset();
            net.fit(data.train());
            double seconds = (System.nanoTime() - start) / 1e9;
            data.validation().reset();
            data.test().reset();
            System.out.printf(
                    "epoch %d: %.1f s, validation accuracy %.4f, test accuracy %.4f%n",
                    epoch,
                    seconds,
                    net.evaluate(data.validation()).accuracy(),
                    net.evaluate(data.test()).accuracy());
        }
    }
}
