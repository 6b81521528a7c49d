package io.sparksweep.space;

import io.sparksweep.sweepfile.SweepFileLoader;
import io.sparksweep.trial.Config;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The typed choice values and the sweep-file text they stand for. */
class ChoiceValueTest {

    @Test
    void hyperparameterChoicesAreTheEnumKeysInOrder() {
        assertEquals(List.of("mlp", "cnn", "autoencoder"), Hyperparameter.MODEL.choices());
        assertEquals(
                List.of("sgd", "adam", "nesterov", "rmsprop", "adagrad", "adamax", "nadam", "amsgrad"),
                Hyperparameter.OPTIMIZER.choices());
        assertEquals(List.of("relu", "sigmoid", "tanh", "leaky_relu"), Hyperparameter.ACTIVATION.choices());
        assertEquals("mlp", Hyperparameter.MODEL.defaultValue());
        assertEquals("sgd", Hyperparameter.OPTIMIZER.defaultValue());
        assertEquals("relu", Hyperparameter.ACTIVATION.defaultValue());
    }

    @Test
    void everyValueIsFoundByItsKey() {
        Arrays.stream(ModelType.values()).forEach(v -> assertEquals(v, ModelType.byKey(v.key())));
        Arrays.stream(OptimizerType.values()).forEach(v -> assertEquals(v, OptimizerType.byKey(v.key())));
        Arrays.stream(ActivationType.values()).forEach(v -> assertEquals(v, ActivationType.byKey(v.key())));
    }

    @Test
    void anUnknownKeyIsAProgrammingError() {
        assertEquals(
                "unknown activation swish",
                assertThrows(IllegalArgumentException.class, () -> ActivationType.byKey("swish"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelType.byKey("CNN"));
    }

    @Test
    void configReadsItsChoicesTypedAndKeepsTheText() {
        SweepDefinition s = SweepFileLoader.parse("""
                name: t
                dataset: mnist
                fixed: {model: cnn, optimizer: adam, activation: leaky_relu}
                """, "t.yaml");
        Config c = new Config(s.baseValues());
        assertEquals(ModelType.CNN, c.model());
        assertEquals(OptimizerType.ADAM, c.optimizer());
        assertEquals(ActivationType.LEAKY_RELU, c.activation());
        assertEquals(
                "leaky_relu", c.get(Hyperparameter.ACTIVATION), "stored as text, as plan.json and Parquet hold it");

        Config defaults = new Config(
                SweepFileLoader.parse("name: d\ndataset: mnist\n", "d.yaml").baseValues());
        assertEquals(ModelType.MLP, defaults.model());
        assertEquals(OptimizerType.SGD, defaults.optimizer());
        assertEquals(ActivationType.RELU, defaults.activation());
    }
}
