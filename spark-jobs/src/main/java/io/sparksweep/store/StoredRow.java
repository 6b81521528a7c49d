package io.sparksweep.store;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row as read back, by column name. A column the file does not have (written by an older
 * version, before the column was added) reads as null: unknown, not an error.
 */
public final class StoredRow {

    private final Map<String, Object> values;
    private final String file;

    StoredRow(Map<String, Object> values, String file) {
        this.values = values;
        this.file = file;
    }

    public boolean has(String column) {
        return values.get(column) != null;
    }

    public Object value(String column) {
        return values.get(column);
    }

    public String string(String column) {
        return (String) values.get(column);
    }

    public Integer integer(String column) {
        return (Integer) values.get(column);
    }

    public Long longValue(String column) {
        return (Long) values.get(column);
    }

    public Double doubleValue(String column) {
        return (Double) values.get(column);
    }

    /** The non-null columns named {@code prefix<key>}, by key, sorted: a table's dynamic columns. */
    public Map<String, Object> dynamic(String prefix) {
        Map<String, Object> out = new TreeMap<>();
        values.forEach((col, v) -> {
            if (col.startsWith(prefix) && v != null) {
                out.put(col.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** A list column; an absent one reads as the empty list. */
    @SuppressWarnings("unchecked")
    public List<Double> doubles(String column) {
        Object v = values.get(column);
        return v == null ? List.of() : (List<Double>) v;
    }

    /** A column every version has written (identity, status): absent means the file is not ours. */
    public Object required(String column) {
        Object v = values.get(column);
        if (v == null) {
            throw new IncompatibleOutputException(
                    file + " has no value in column '" + column
                            + "', which every sparksweep version writes: is it a sweep's trials/ file? Rerun with --fresh, or into another --out");
        }
        return v;
    }
}
