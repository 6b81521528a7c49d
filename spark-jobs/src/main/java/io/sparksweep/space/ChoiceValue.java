package io.sparksweep.space;

import java.util.Arrays;
import java.util.Locale;

/**
 * A value of a choice hyperparameter, with the text that stands for it in sweep files. Configurations
 * keep that text (so plan.json and the Parquet columns stay plain lowercase strings); code that acts
 * on the choice converts it to the enum and switches on it.
 */
public interface ChoiceValue {

    /** The text of the value in sweep files, plan.json and Parquet: the constant's name in lowercase ("relu", "adam"). */
    default String key() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** The texts of all values, in declaration order: the order error messages list them in. */
    static String[] keys(ChoiceValue[] values) {
        return Arrays.stream(values).map(ChoiceValue::key).toArray(String[]::new);
    }

    /**
     * The value whose text is {@code key}. Sweep files are validated when read, so an unknown text
     * here is a programming error, reported as "unknown {@code what} {@code key}".
     */
    static <E extends Enum<E> & ChoiceValue> E byKey(Class<E> type, String what, String key) {
        for (E e : type.getEnumConstants()) {
            if (e.key().equals(key)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " " + key);
    }
}
