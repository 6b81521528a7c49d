package io.sparksweep.sweepfile;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.Layers;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One YAML value to the hyperparameter's Java type, or the fault at its key. */
class HyperparameterValueReaderTest {

    /** Reads {@code v: <yaml>} as hyperparameter h. */
    private static Object read(Hyperparameter h, String yaml) {
        SweepYaml parsed = SweepYaml.parse("v: " + yaml + "\n", "v.yaml");
        JsonNode node = parsed.root().get("v");
        return new HyperparameterValueReader(parsed.lines(), new ScalarReader(parsed.lines())).read(h, node, "v");
    }

    private static String problem(Hyperparameter h, String yaml) {
        return assertThrows(SweepFileException.class, () -> read(h, yaml)).getMessage();
    }

    @Test
    void numbersBecomeDoublesAndIntegers() {
        assertEquals(0.5, read(Hyperparameter.LEARNING_RATE, "0.5"));
        assertEquals(1.0, read(Hyperparameter.LEARNING_RATE, "1"));
        // YAML 1.1 reads 1e-3 as text
        assertEquals(0.001, read(Hyperparameter.LEARNING_RATE, "1e-3"));
        assertEquals(128, read(Hyperparameter.BATCH_SIZE, "128"));
        assertEquals(2, read(Hyperparameter.EPOCHS, "2.0"));
    }

    @Test
    void choicesStayTheirText() {
        assertEquals("adam", read(Hyperparameter.OPTIMIZER, "adam"));
        assertEquals("leaky_relu", read(Hyperparameter.ACTIVATION, "leaky_relu"));
        assertEquals("false", read(Hyperparameter.NORMALIZE_INPUT, "false"));
        assertEquals("true", read(Hyperparameter.NORMALIZE_INPUT, "'true'"));
    }

    @Test
    void hiddenLayersBecomeTheirCanonicalText() {
        assertEquals("2", read(Hyperparameter.HIDDEN_LAYERS, "2"));
        assertEquals(Layers.list(new int[] {125, 100, 50}), read(Hyperparameter.HIDDEN_LAYERS, "[125, 100, 50]"));
        assertEquals(Layers.list(new int[] {200, 200, 200}), read(Hyperparameter.HIDDEN_LAYERS, "3x200"));
        assertEquals("[1000, 200, 200]", read(Hyperparameter.HIDDEN_LAYERS, "\"1000 2x200\""));
        assertEquals("d0.2 1000 2x200:tanh", read(Hyperparameter.HIDDEN_LAYERS, "\"d0.2 1000 200:tanh 200:tanh\""));
    }

    @Test
    void badValuesAreRefusedAtTheirKey() {
        assertEquals(
                "v.yaml:1: v: must be one of mlp, cnn, autoencoder (got rnn)", problem(Hyperparameter.MODEL, "rnn"));
        assertEquals("v.yaml:1: v: must be a number (got 'fast')", problem(Hyperparameter.LEARNING_RATE, "fast"));
        assertEquals("v.yaml:1: v: must be > 0 (got 0.0)", problem(Hyperparameter.LEARNING_RATE, "0"));
        assertEquals("v.yaml:1: v: must be an integer (got 2.5)", problem(Hyperparameter.WIDTH, "2.5"));
        assertEquals("v.yaml:1: v: must be text (got a list)", problem(Hyperparameter.ACTIVATION, "[relu]"));
        assertEquals("v.yaml:1: v[1]: must be an integer (got 'x')", problem(Hyperparameter.HIDDEN_LAYERS, "[10, x]"));
        assertEquals(
                "v.yaml:1: v: token '10:relu6': the activation must be one of relu, sigmoid, tanh, leaky_relu (in \"10:relu6\")",
                problem(Hyperparameter.HIDDEN_LAYERS, "\"10:relu6\""));
        assertEquals(
                "v.yaml:1: v: must be one of gaussian, salt_and_pepper (got pepper)",
                problem(Hyperparameter.INPUT_NOISE_TYPE, "pepper"));
    }
}
