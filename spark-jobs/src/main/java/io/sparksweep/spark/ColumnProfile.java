package io.sparksweep.spark;

import io.sparksweep.data.RawTable;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * What one Spark pass over a table says about a column, to decide how to read it: how many cells are
 * present (not null, not one of the missing-value markers), how many of those are numbers, booleans,
 * and whole numbers written as such (distinct values are counted while the rows are collected: an
 * approximate count here cost seconds of Spark time on a small table). CSV columns arrive as text, so
 * this is what types them: a column is numbers only when every present cell is one.
 */
final class ColumnProfile {

    /** A number-like column needs at least this share of numbers to count as numbers with a few odd cells. */
    private static final double MOSTLY = 0.5;
    /** Identifiers are told apart from features only in tables of at least this many rows. */
    private static final int IDENTIFIER_MIN_ROWS = 20;

    private final Column column;
    private final Column value;
    private final Column present;
    private final Dataset<Row> df;
    private final String name;
    private final DataType type;
    private long presentCells;
    private long numbers;
    private long booleans;
    private long integers;

    /** Every profiled column of one table, and its row count. */
    record Table(long rows, Map<String, ColumnProfile> columns) {
        ColumnProfile column(String name) {
            return columns.get(name);
        }
    }

    private ColumnProfile(Dataset<Row> df, String name, DataType type, List<String> naValues) {
        this.df = df;
        this.name = name;
        this.type = type;
        column = df.col(TableReader.quote(name));
        value = type instanceof StringType ? trim(column) : column;
        present = not(missing(column, type, naValues));
    }

    /** Profiles the named columns in one pass over the table. */
    static Table of(Dataset<Row> df, List<String> names, Map<String, DataType> types, List<String> naValues) {
        List<ColumnProfile> profiles = new ArrayList<>();
        List<Column> aggregates = new ArrayList<>();
        for (String n : names) {
            ColumnProfile p = new ColumnProfile(df, n, types.get(n), naValues);
            profiles.add(p);
            aggregates.add(count(when(p.present, 1)));
            if (p.type instanceof StringType) {
                aggregates.add(count(when(p.present.and(p.value.cast("double").isNotNull()), 1)));
                aggregates.add(
                        count(when(p.present.and(lower(p.value.cast("string")).isin("true", "false")), 1)));
                aggregates.add(count(when(p.present.and(p.value.cast("string").rlike("^[+-]?[0-9]+$")), 1)));
            } else {
                // a typed column's kind is its type: casting every cell to text to count numbers, booleans and
                // whole numbers cost most of this pass on a wide Parquet table, for counts nothing reads
                aggregates.add(lit(0L));
                aggregates.add(lit(0L));
                aggregates.add(lit(0L));
            }
        }
        Row r = df.agg(count(lit(1)), aggregates.toArray(new Column[0])).first();
        Map<String, ColumnProfile> byName = new LinkedHashMap<>();
        for (int i = 0; i < profiles.size(); i++) {
            ColumnProfile p = profiles.get(i);
            int at = 1 + 4 * i;
            p.presentCells = r.getLong(at);
            p.numbers = r.getLong(at + 1);
            p.booleans = r.getLong(at + 2);
            p.integers = r.getLong(at + 3);
            byName.put(p.name, p);
        }
        return new Table(r.getLong(0), byName);
    }

    /** Null, a missing-value marker (text, trimmed, any case), or a float that is not finite. */
    static Column missing(Column c, DataType type, List<String> naValues) {
        if (type instanceof StringType) {
            Object[] markers = naValues.stream()
                    .map(s -> s.trim().toLowerCase(Locale.ROOT))
                    .toArray();
            return markers.length == 0
                    ? c.isNull()
                    : c.isNull().or(lower(trim(c)).isin(markers));
        }
        if (type instanceof DoubleType || type instanceof FloatType) {
            return c.isNull()
                    .or(isnan(c))
                    .or(c.equalTo(Double.POSITIVE_INFINITY))
                    .or(c.equalTo(Double.NEGATIVE_INFINITY));
        }
        return c.isNull();
    }

    long present() {
        return presentCells;
    }

    /** Booleans, numbers, or text: numbers only when every present cell is one. */
    RawTable.ColumnKind kind() {
        if (type instanceof BooleanType) {
            return RawTable.ColumnKind.BOOLEAN;
        }
        if (!(type instanceof StringType)) {
            return RawTable.ColumnKind.NUMERIC;
        }
        if (presentCells > 0 && booleans == presentCells) {
            return RawTable.ColumnKind.BOOLEAN;
        }
        return presentCells > 0 && numbers == presentCells ? RawTable.ColumnKind.NUMERIC : RawTable.ColumnKind.TEXT;
    }

    /** Numbers written as whole numbers (an integer type, or text of digits only). */
    boolean integers() {
        if (type instanceof StringType) {
            return presentCells > 0 && integers == presentCells;
        }
        return type instanceof IntegerType
                || type instanceof LongType
                || type instanceof ShortType
                || type instanceof ByteType
                || (type instanceof DecimalType d && d.scale() == 0);
    }

    /** Text that is mostly numbers: a few odd cells (an unlisted missing-value marker, a typo) among them. */
    boolean mixed() {
        return type instanceof StringType
                && numbers > 0
                && numbers < presentCells
                && booleans < presentCells
                && numbers >= MOSTLY * presentCells;
    }

    /** The one-line problem of a {@link #mixed} column, with up to five of its odd values. */
    String mixedMessage(List<String> naValues) {
        List<String> odd = df
                .filter(present.and(value.cast("double").isNull()))
                .select(value.cast("string"))
                .distinct()
                .limit(6)
                .collectAsList()
                .stream()
                .map(r -> "'" + r.getString(0) + "'")
                .toList();
        long cells = presentCells - numbers;
        boolean more = odd.size() > 5;
        odd = odd.subList(0, Math.min(5, odd.size()));
        return "column '" + name + "' holds numbers apart from " + cells + (cells == 1 ? " cell" : " cells")
                + " of other text (" + String.join(", ", odd) + (more ? ", ..." : "")
                + "): add " + (odd.size() == 1 ? "it" : "them") + " to na_values: if "
                + (odd.size() == 1 ? "it means" : "they mean") + " missing (now "
                + naValues.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", ")) + "), or correct the "
                + (cells == 1 ? "cell" : "cells");
    }

    /**
     * Whether the column could be an identifier — text or whole numbers, present in every row of a table
     * of some size — so that reading counts its distinct values (an identifier has one per row).
     */
    boolean couldBeAnIdentifier(long rows) {
        return rows >= IDENTIFIER_MIN_ROWS
                && presentCells == rows
                && (kind() == RawTable.ColumnKind.TEXT || (kind() == RawTable.ColumnKind.NUMERIC && integers()));
    }
}
