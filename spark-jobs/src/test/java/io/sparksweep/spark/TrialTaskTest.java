package io.sparksweep.spark;

import io.sparksweep.space.Hyperparameter;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialSpec;
import io.sparksweep.trial.TrialStatus;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrialTaskTest {

    private static TrialSpec spec() {
        Map<Hyperparameter, Object> values = new EnumMap<>(Hyperparameter.class);
        for (Hyperparameter h : Hyperparameter.values()) {
            values.put(h, h.defaultValue());
        }
        return new TrialSpec("s", "abc-r0", "abc", 0, 1L, new Config(values), 1.0);
    }

    @Test
    void outOfMemoryIsRetriedBySparkAndRecordedOnlyOnTheLastAttempt() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        IllegalStateException retried =
                assertThrows(IllegalStateException.class, () -> TrialTask.afterOutOfMemory(spec(), oom, 0, 4));
        assertTrue(
                retried.getMessage()
                        .contains("abc-r0: OutOfMemoryError (Java heap space) on attempt 1 of 4; Spark retries it"),
                retried.getMessage());
        assertThrows(IllegalStateException.class, () -> TrialTask.afterOutOfMemory(spec(), oom, 2, 4));
        TrialOutcome last = TrialTask.afterOutOfMemory(spec(), oom, 3, 4);
        assertEquals(TrialStatus.FAILED, last.status());
        assertTrue(
                last.errorMessage()
                        .startsWith(
                                "OutOfMemoryError (Java heap space) on attempt 4 of 4: the executor may be too small"),
                last.errorMessage());
    }

    @Test
    void attemptsFollowTheMaster() {
        assertEquals(1, TrialTask.maxTaskFailures("local[2]", 4), "local mode does not retry tasks");
        assertEquals(1, TrialTask.maxTaskFailures("local", 4));
        assertEquals(3, TrialTask.maxTaskFailures("local[*, 3]", 4));
        assertEquals(4, TrialTask.maxTaskFailures("spark://host:7077", 4));
        assertEquals(8, TrialTask.maxTaskFailures("local-cluster[2,1,1024]", 8));
        assertEquals(4, TrialTask.maxTaskFailures("yarn", 4));
    }
}
