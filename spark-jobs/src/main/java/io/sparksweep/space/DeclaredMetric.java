package io.sparksweep.space;

import java.io.Serializable;
import java.util.List;

/**
 * A metric a user's network declares ({@link io.sparksweep.api.Metric}), as the driver, the tables and
 * the report see it: its name and direction, without the function (which runs on the executors).
 * Its values are stored as {@code val_<name>} and {@code test_<name>}.
 *
 * @param name           lower snake_case, checked by the API
 * @param higherIsBetter whether larger values are better
 */
public record DeclaredMetric(String name, boolean higherIsBetter) implements Serializable {

    /** The prefix of a declared metric's column on the validation part: Keras' {@code val_}. */
    public static final String VALIDATION_PREFIX = "val_";

    /** The prefix of a declared metric's column on the test part. */
    public static final String TEST_PREFIX = "test_";

    /** Both prefixes, validation first: the order the parts are measured and shown in. */
    public static final List<String> PREFIXES = List.of(VALIDATION_PREFIX, TEST_PREFIX);

    /** {@code val_<name>}. */
    public String validationColumn() {
        return VALIDATION_PREFIX + name;
    }

    /** {@code test_<name>}. */
    public String testColumn() {
        return TEST_PREFIX + name;
    }
}
