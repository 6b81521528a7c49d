package io.sparksweep.space;

import java.util.List;

/** How one searched hyperparameter varies: a list of values or a distribution between bounds. */
public sealed interface ParamSpec {

    ParameterKey parameter();

    /** An explicit list: every value in a grid, one uniform choice per draw in a random search. */
    record Values(ParameterKey parameter, List<Object> values) implements ParamSpec {
        public Values {
            values = List.copyOf(values);
        }
    }

    /** A continuous or integer range, usable by random search only. */
    record Range(ParameterKey parameter, Distribution distribution, double min, double max) implements ParamSpec {}

    enum Distribution {
        UNIFORM("uniform"),
        LOG_UNIFORM("log_uniform"),
        INT_UNIFORM("int_uniform");

        private final String key;

        Distribution(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Distribution byKey(String key) {
            for (Distribution d : values()) {
                if (d.key.equals(key)) {
                    return d;
                }
            }
            return null;
        }
    }
}
