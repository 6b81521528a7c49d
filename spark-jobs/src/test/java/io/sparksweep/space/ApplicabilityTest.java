package io.sparksweep.space;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule of {@link Applicability}; unset values count as their defaults. */
class ApplicabilityTest {

    private static Map<Hyperparameter, Object> values(Object... keyValues) {
        Map<Hyperparameter, Object> m = new EnumMap<>(Hyperparameter.class);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((Hyperparameter) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static boolean applies(Hyperparameter h, Object... keyValues) {
        return Applicability.applies(h, values(keyValues));
    }

    @Test
    void momentumOnlyWithSgdOrNesterov() {
        assertTrue(applies(Hyperparameter.MOMENTUM), "the default optimizer is sgd");
        assertTrue(applies(Hyperparameter.MOMENTUM, Hyperparameter.OPTIMIZER, "nesterov"));
        for (String o : List.of("adam", "rmsprop", "adagrad", "adamax", "nadam", "amsgrad")) {
            assertFalse(applies(Hyperparameter.MOMENTUM, Hyperparameter.OPTIMIZER, o), o);
        }
        assertEquals(
                "momentum applies only with optimizer sgd or nesterov", Applicability.rule(Hyperparameter.MOMENTUM));
    }

    @Test
    void convLayersOnlyWithCnn() {
        assertTrue(applies(Hyperparameter.CONV_LAYERS, Hyperparameter.MODEL, "cnn"));
        assertFalse(applies(Hyperparameter.CONV_LAYERS));
        assertFalse(applies(Hyperparameter.CONV_LAYERS, Hyperparameter.MODEL, "autoencoder"));
    }

    @Test
    void leakyReluAlphaOnlyWhereAHiddenLayerIsLeakyRelu() {
        Hyperparameter a = Hyperparameter.LEAKY_RELU_ALPHA;
        Hyperparameter act = Hyperparameter.ACTIVATION;
        Hyperparameter hidden = Hyperparameter.HIDDEN_LAYERS;
        assertTrue(applies(a, act, "leaky_relu"));
        assertFalse(applies(a, act, "tanh"));
        assertFalse(applies(a, act, "leaky_relu", hidden, "0"), "no hidden layer: nothing uses activation");
        assertTrue(applies(a, act, "leaky_relu", hidden, "[100, 50]"));
        assertTrue(applies(a, act, "relu", hidden, "100 50:leaky_relu"), "a layer's own activation");
        assertFalse(applies(a, act, "leaky_relu", hidden, "2x100:tanh"), "every layer has its own");
        assertTrue(applies(a, act, "leaky_relu", hidden, "100:tanh 50"), "the second layer takes activation");
    }

    @Test
    void inputNoiseTypeOnlyWithNoise() {
        assertFalse(applies(Hyperparameter.INPUT_NOISE_TYPE), "input_noise 0 by default");
        assertTrue(applies(Hyperparameter.INPUT_NOISE_TYPE, Hyperparameter.INPUT_NOISE, 0.1));
    }

    @Test
    void widthOnlyWhenHiddenLayersIsACountAboveZero() {
        Hyperparameter hidden = Hyperparameter.HIDDEN_LAYERS;
        assertTrue(applies(Hyperparameter.WIDTH), "hidden_layers 1 by default");
        assertTrue(applies(Hyperparameter.WIDTH, hidden, "3"));
        assertTrue(applies(Hyperparameter.WIDTH, hidden, "10"));
        assertFalse(applies(Hyperparameter.WIDTH, hidden, "0"));
        assertFalse(applies(Hyperparameter.WIDTH, hidden, "[125, 100]"));
        assertFalse(applies(Hyperparameter.WIDTH, hidden, "d0.2 1000 50:sigmoid"));
    }

    @Test
    void theOthersAlwaysApply() {
        for (Hyperparameter h : Hyperparameter.values()) {
            if (!Applicability.CONDITIONAL.contains(h)) {
                assertNull(Applicability.rule(h), h.key());
                assertTrue(applies(h, Hyperparameter.OPTIMIZER, "adam", Hyperparameter.HIDDEN_LAYERS, "0"), h.key());
            }
        }
        assertTrue(applies(Hyperparameter.DECAY, Hyperparameter.OPTIMIZER, "adam"), "decay: every optimizer");
    }

    @Test
    void normaliseSetsUnusedValuesToTheBase() {
        Map<Hyperparameter, Object> base = values(Hyperparameter.INPUT_NOISE_TYPE, "salt_and_pepper");
        Map<Hyperparameter, Object> v = values(
                Hyperparameter.OPTIMIZER, "adam",
                Hyperparameter.MOMENTUM, 0.9,
                Hyperparameter.INPUT_NOISE, 0.0,
                Hyperparameter.INPUT_NOISE_TYPE, "gaussian",
                Hyperparameter.LEARNING_RATE, 0.1);
        Map<ParameterKey, Object> n = Applicability.normalise(v, base);
        assertEquals(0.0, n.get(Hyperparameter.MOMENTUM), "not in base: the default");
        assertEquals("salt_and_pepper", n.get(Hyperparameter.INPUT_NOISE_TYPE), "the base's value");
        assertEquals(0.1, n.get(Hyperparameter.LEARNING_RATE));
        assertFalse(n.containsKey(Hyperparameter.WIDTH), "adds nothing");
        assertEquals(
                List.of(
                        Hyperparameter.CONV_LAYERS,
                        Hyperparameter.LEAKY_RELU_ALPHA,
                        Hyperparameter.INPUT_NOISE_TYPE,
                        Hyperparameter.MOMENTUM),
                Applicability.notApplying(v),
                "vocabulary order; relu (the default) does not use leaky_relu_alpha");
        Map<Hyperparameter, Object> sgd = values(Hyperparameter.MOMENTUM, 0.9);
        assertEquals(sgd, Applicability.normalise(sgd, base), "used values stay");
    }
}
