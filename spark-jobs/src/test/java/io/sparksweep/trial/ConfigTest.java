package io.sparksweep.trial;

import io.sparksweep.space.DeclaredParameter;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.space.ParameterKey;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {

    private static final DeclaredParameter LR = DeclaredParameter.real("lr", 0.001, 1e-6, 1.0);
    private static final DeclaredParameter BLOCKS = DeclaredParameter.integer("blocks", 2, 1, 8);
    private static final DeclaredParameter NORM = DeclaredParameter.choice("batch_norm", "true", "true", "false");

    static Config defaults() {
        Map<ParameterKey, Object> v = ParameterKey.newMap();
        for (Hyperparameter h : Hyperparameter.values()) {
            v.put(h, h.defaultValue());
        }
        return new Config(v);
    }

    static Config user() {
        Map<ParameterKey, Object> v = ParameterKey.newMap();
        v.put(LR, 0.01);
        v.put(Hyperparameter.EPOCHS, 3);
        v.put(BLOCKS, 4);
        v.put(Hyperparameter.BATCH_SIZE, 64);
        v.put(NORM, "false");
        return new Config("com.example.MyModel", v);
    }

    @Test
    void builtInCanonicalTextIsTheSortedVocabularyWithoutTheNoiseTypeAtItsDefault() {
        assertEquals(
                "activation=relu,batch_size=128,conv_layers=c32 p2 c64 p2,decay=0.0,dropout=0.0,epochs=10,"
                        + "hidden_layers=1,input_dropout=0.0,input_noise=0.0,l2=0.0,leaky_relu_alpha=0.01,"
                        + "learning_rate=0.01,model=mlp,momentum=0.0,normalize_input=true,optimizer=sgd,width=100",
                defaults().canonical());
        assertFalse(defaults().isUserModel());
        assertTrue(defaults().normalizeInput());
    }

    @Test
    void userCanonicalTextAddsTheClassAsModelSortedByKey() {
        assertEquals(
                "batch_norm=false,batch_size=64,blocks=4,epochs=3,lr=0.01,model=com.example.MyModel",
                user().canonical());
        assertTrue(user().isUserModel());
        assertNull(user().model(), "no built-in network kind");
        assertTrue(user().normalizeInput(), "a user network has no normalize_input switch");
        assertEquals(4, user().integer(BLOCKS));
        assertEquals(
                List.of(Hyperparameter.EPOCHS, Hyperparameter.BATCH_SIZE, NORM, BLOCKS, LR),
                List.copyOf(user().keys()),
                "built-in keys first in vocabulary order, then declared ones by name");
    }

    @Test
    void aUserConfigurationNeedsEpochsAndBatchSizeAndNoOtherBuiltInKey() {
        Map<ParameterKey, Object> v = ParameterKey.newMap();
        v.put(Hyperparameter.EPOCHS, 3);
        assertThrows(IllegalArgumentException.class, () -> new Config("X", v));
        v.put(Hyperparameter.BATCH_SIZE, 3);
        v.put(Hyperparameter.WIDTH, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Config("X", v));
        assertEquals("width belongs to sparksweep's networks, not X", e.getMessage());
    }

    @Test
    void configurationsSurviveJavaSerialisationAsSparkSendsThem() throws Exception {
        for (Config c : List.of(defaults(), user())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(c);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                Config back = (Config) in.readObject();
                assertEquals(c, back);
                assertEquals(c.canonical(), back.canonical());
                assertEquals(c.real(Hyperparameter.EPOCHS), back.real(Hyperparameter.EPOCHS));
            }
        }
    }
}
