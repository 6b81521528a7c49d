package io.sparksweep.space;

import java.io.Serializable;

/**
 * The {@code dataset:} of a sweep file: a named IDX dataset ({@code mnist}, {@code fashion-mnist})
 * resolved on the driver, {@code idx:<dir or URI>} read from any Hadoop file system, or a table
 * (the block form with {@code format:}).
 *
 * @param table              the table, for the block form with {@code format:}; null otherwise
 * @param validationFraction share of the training examples held out for model selection; null for none
 */
public record DatasetSpec(String name, String location, TableSpec table, Double validationFraction)
        implements Serializable {

    public static final String IDX_PREFIX = "idx:";
    public static final String TABLE = "table";

    public DatasetSpec(String name, String location) {
        this(name, location, null, null);
    }

    /** Parses the sweep file's text; returns null when it names nothing we know. */
    public static DatasetSpec parse(String text) {
        String t = text.trim();
        if (t.equals("mnist") || t.equals("fashion-mnist")) {
            return new DatasetSpec(t, null);
        }
        if (t.startsWith(IDX_PREFIX) && t.length() > IDX_PREFIX.length()) {
            return new DatasetSpec("idx", t.substring(IDX_PREFIX.length()).trim());
        }
        return null;
    }

    public static DatasetSpec table(TableSpec table) {
        return new DatasetSpec(TABLE, table.path(), table, table.validationFraction());
    }

    public DatasetSpec withValidation(Double fraction) {
        return new DatasetSpec(name, location, table, fraction);
    }

    public boolean isTable() {
        return table != null;
    }

    public boolean isNamed() {
        return location == null;
    }

    /** The sweep's hash covers this text: the short forms are unchanged, so existing sweeps keep their hash. */
    @Override
    public String toString() {
        if (table != null) {
            return table.format() + ":" + table.path() + " " + table;
        }
        String base = isNamed() ? name : IDX_PREFIX + location;
        return validationFraction == null ? base : base + " validation_fraction=" + validationFraction;
    }

    /**
     * How the dry run names the dataset: an image dataset as the file writes it ({@code mnist},
     * {@code idx:DIR}, with its {@code validation_fraction}), a table in the same form, by its format,
     * path, label and held-out shares (the table's summary says the rest). Not {@link #toString}: that
     * text is what the sweep's hash covers, a record's raw form for tables.
     */
    public String describe() {
        if (table == null) {
            return toString();
        }
        return label() + " label=" + table.label()
                + (table.test() == null ? " test_fraction=" + table.testFraction() : " test=" + table.test())
                + (validationFraction == null ? "" : " validation_fraction=" + validationFraction);
    }

    /** How the run names the dataset in its output: short, without the block's details. */
    public String label() {
        return table != null ? table.format() + ":" + table.path() : isNamed() ? name : IDX_PREFIX + location;
    }
}
