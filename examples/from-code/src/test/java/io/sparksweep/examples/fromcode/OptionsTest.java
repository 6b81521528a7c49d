package io.sparksweep.examples.fromcode;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptionsTest {

    @Test
    void defaultsAreTheShippedDigitsTableOnLocalSpark() {
        Options o = Options.parse(new String[0]);
        assertEquals(new Options("local[*]", Options.DIGITS, "digit", 20, "results", false), o);
        assertEquals("from-code-digits", o.sweepName());
    }

    @Test
    void eachTableIsItsOwnSweepUnderANameASweepAdmits() {
        Options o =
                Options.parse(new String[] {"--table", "hdfs:///data/my table (v2).csv", "--fresh", "--epochs", "3"});
        assertEquals("from-code-my_table__v2_", o.sweepName());
        assertEquals(3, o.epochs());
        assertTrue(o.fresh());
        assertTrue(SweepFromCode.sweepYaml(o).startsWith("name: from-code-my_table__v2_\n"));
        assertTrue(SweepFromCode.sweepYaml(o).contains("path: \"hdfs:///data/my table (v2).csv\"\n"));
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--epoch", "3"}));
        assertEquals("unknown argument '--epoch'", e.getMessage());
        assertEquals(
                "--epochs must be a positive whole number (got '-1')",
                assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--epochs", "-1"}))
                        .getMessage());
    }
}
