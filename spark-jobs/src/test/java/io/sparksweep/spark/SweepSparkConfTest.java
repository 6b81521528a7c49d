package io.sparksweep.spark;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SweepSparkConfTest {

    @Test
    void retrainTurnsThePointerGcBackOnAndKeepsTheOtherOptions() {
        assertEquals(
                "-Dorg.bytedeco.javacpp.nopointergc=false -XX:G1HeapRegionSize=4m",
                SweepSpark.pointerGcOn("-Dorg.bytedeco.javacpp.nopointergc=true -XX:G1HeapRegionSize=4m"));
        assertEquals("-Xss4m", SweepSpark.pointerGcOn("-Xss4m"));
    }
}
