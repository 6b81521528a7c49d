package io.sparksweep.space;

/**
 * The {@code dataset:} of a sweep file: a named IDX dataset ({@code mnist}, {@code fashion-mnist})
 * resolved on the driver, or {@code idx:<dir or URI>} read from any Hadoop file system.
 */
public record DatasetSpec(String name, String location) {

    public static final String IDX_PREFIX = "idx:";

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

    public boolean isNamed() {
        return location == null;
    }

    @Override
    public String toString() {
        return isNamed() ? name : IDX_PREFIX + location;
    }
}
