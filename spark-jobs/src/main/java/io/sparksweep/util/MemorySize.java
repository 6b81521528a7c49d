package io.sparksweep.util;

import java.util.Locale;

/** Byte counts as people read them, and Spark's memory settings ("2g", "512m") as bytes. */
public final class MemorySize {

    private MemorySize() {}

    public static String format(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%d MB", Math.max(1, bytes >> 20));
    }

    /** Spark's size syntax: a number with an optional k, m, g or t suffix (default MiB for executor memory). */
    public static long parse(String setting) {
        String s = setting.trim().toLowerCase(Locale.ROOT).replaceAll("b$", "");
        long unit = 1L << 20;
        char last = s.charAt(s.length() - 1);
        if (Character.isLetter(last)) {
            unit = switch (last) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                case 't' -> 1L << 40;
                default -> throw new IllegalArgumentException("not a size: " + setting);
            };
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s.trim()) * unit;
    }
}
