package io.sparksweep.store;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A flat Parquet table of typed, nullable columns (lists of doubles in the standard three-level
 * LIST layout), written through Parquet's own writer on the driver. Each file is written under a
 * hidden temporary name and renamed into place, so readers never see half a file and a killed
 * driver leaves nothing that counts.
 */
public final class ParquetTable {

    private static final String TMP_PREFIX = "_tmp-";
    private static final String TMP_SUFFIX = ".inprogress";

    private final String name;
    private final List<Column> columns;
    private final MessageType schema;

    public ParquetTable(String name, List<Column> columns) {
        this.name = name;
        this.columns = List.copyOf(columns);
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : columns) {
            b.addField(parquetType(c));
        }
        this.schema = b.named(name);
    }

    public List<Column> columns() {
        return columns;
    }

    public int index(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + column + " in " + name);
    }

    private static Type parquetType(Column c) {
        return switch (c.type()) {
            case STRING -> Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
            case INT -> Types.optional(PrimitiveTypeName.INT32).named(c.name());
            case LONG -> Types.optional(PrimitiveTypeName.INT64).named(c.name());
            case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(c.name());
            case TIMESTAMP_MILLIS -> Types.optional(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(c.name());
            case DOUBLE_LIST -> Types.optionalList().optionalElement(PrimitiveTypeName.DOUBLE).named(c.name());
        };
    }

    /** Writes rows (one Object[] per row, aligned with the columns; null = missing) as a new file in dir. */
    public Path append(Configuration conf, Path dir, String filePrefix, List<Object[]> rows) {
        Path target = new Path(dir, filePrefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".parquet");
        return write(conf, target, rows);
    }

    /** Writes rows to exactly {@code target}, replacing it. */
    public Path write(Configuration conf, Path target, List<Object[]> rows) {
        Path tmp = new Path(target.getParent(), TMP_PREFIX + target.getName() + TMP_SUFFIX);
        try {
            FileSystem fs = target.getFileSystem(conf);
            fs.setWriteChecksum(false); // no .crc side files next to the Parquet files people open
            fs.mkdirs(target.getParent());
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(tmp).withConf(conf).withType(schema)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
                for (Object[] row : rows) {
                    w.write(toGroup(groups.newGroup(), row));
                }
            }
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("could not rename " + tmp + " to " + target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + ": " + e.getMessage(), e);
        }
    }

    private Group toGroup(Group g, Object[] row) {
        for (int i = 0; i < columns.size(); i++) {
            Object v = row[i];
            if (v == null) {
                continue;
            }
            String col = columns.get(i).name();
            switch (columns.get(i).type()) {
                case STRING -> g.append(col, v.toString());
                case INT -> g.append(col, ((Number) v).intValue());
                case LONG, TIMESTAMP_MILLIS -> g.append(col, ((Number) v).longValue());
                case DOUBLE -> g.append(col, ((Number) v).doubleValue());
                case DOUBLE_LIST -> {
                    Group list = g.addGroup(col);
                    for (Object e : (List<?>) v) {
                        Group element = list.addGroup("list");
                        if (e != null) {
                            element.append("element", ((Number) e).doubleValue());
                        }
                    }
                }
            }
        }
        return g;
    }

    /** Reads every committed file of dir (names not starting with _ or .), in name order. */
    public List<Object[]> readAll(Configuration conf, Path dir) {
        List<Object[]> rows = new ArrayList<>();
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return rows;
            }
            FileStatus[] files = fs.listStatus(dir, p -> p.getName().endsWith(".parquet")
                    && !p.getName().startsWith("_") && !p.getName().startsWith("."));
            Arrays.sort(files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            for (FileStatus f : files) {
                try (ParquetReader<Group> r = ParquetReader.builder(new GroupReadSupport(), f.getPath()).withConf(conf).build()) {
                    for (Group g; (g = r.read()) != null; ) {
                        try {
                            rows.add(fromGroup(g));
                        } catch (ClassCastException e) {
                            // a column changed type between versions (e.g. hidden_layers: int, then layouts)
                            throw new IncompatibleOutputException(f.getPath() + " was written by another sparksweep "
                                    + "version with a different schema; rerun with --fresh, or into another --out");
                        }
                    }
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes temporary files a killed writer left behind. */
    public static void removeLeftovers(Configuration conf, Path dir) {
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (fs.exists(dir)) {
                for (FileStatus f : fs.listStatus(dir, p -> p.getName().startsWith(TMP_PREFIX))) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object[] fromGroup(Group g) {
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            String col = columns.get(i).name();
            if (!g.getType().containsField(col) || g.getFieldRepetitionCount(col) == 0) {
                continue;
            }
            row[i] = switch (columns.get(i).type()) {
                case STRING -> g.getString(col, 0);
                case INT -> g.getInteger(col, 0);
                case LONG, TIMESTAMP_MILLIS -> g.getLong(col, 0);
                case DOUBLE -> g.getDouble(col, 0);
                case DOUBLE_LIST -> {
                    Group list = g.getGroup(col, 0);
                    int n = list.getFieldRepetitionCount("list");
                    List<Double> values = new ArrayList<>(n);
                    for (int j = 0; j < n; j++) {
                        Group element = list.getGroup("list", j);
                        values.add(element.getFieldRepetitionCount("element") == 0 ? null : element.getDouble("element", 0));
                    }
                    yield values;
                }
            };
        }
        return row;
    }
}
