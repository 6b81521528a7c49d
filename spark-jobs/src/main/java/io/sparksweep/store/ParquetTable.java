package io.sparksweep.store;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * A flat Parquet table of typed, nullable columns (lists of doubles in the standard three-level LIST
 * layout), defined once — name, type and getter per column — and written through Parquet's own
 * writer on the driver, each file atomically (see {@link AtomicFiles}).
 *
 * <p>Every file carries {@value #VERSION_KEY} in its footer. Reading checks it and each known
 * column's type before returning a row, so results written by another version are either read (a
 * column added later reads as null) or refused in one line, never half-read.
 */
public final class ParquetTable<T> {

    /**
     * The schema version this build writes and reads. Adding a column does not change it (older
     * files read the new column as null); changing a column's type or meaning does. Files from
     * before versioning carry no key and count as version 1, readable when their column types match.
     */
    public static final int SCHEMA_VERSION = 2;

    /**
     * The version of a file with dynamic columns ({@link Builder#dynamic}: a user network's
     * {@code param_<name>}, and its declared metrics' {@code val_<name>} and {@code test_<name>}), and
     * the highest this build reads. Such files say so, so that a build from
     * before them refuses them in one line instead of reading a user's rows as built-in configurations.
     */
    public static final int DYNAMIC_SCHEMA_VERSION = 3;

    public static final String VERSION_KEY = "sparksweep.schema_version";

    private final String name;
    private final List<Column<T>> columns;
    private final MessageType schema;
    private final List<Dynamic<T>> dynamics;

    /**
     * One family of dynamic columns: {@code prefix + key} for the keys of each row's map.
     *
     * @param valuesOnly a group column under the prefix refuses the file (a parameter's value must be
     *                   read, or the configuration would be wrong); false: it is ignored (the prefix is
     *                   shared with static columns another version may add)
     * @param type       every column's type, so that a key with only null values still makes its column;
     *                   null: typed by the values, and a key without one makes none
     */
    private record Dynamic<T>(
            String prefix, Function<T, Map<String, Object>> getter, boolean valuesOnly, ColumnType type) {}

    private ParquetTable(String name, List<Column<T>> columns, List<Dynamic<T>> dynamics) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.dynamics = List.copyOf(dynamics);
        Types.MessageTypeBuilder b = Types.buildMessage();
        columns.forEach(c -> b.addField(parquetType(c)));
        this.schema = b.named(name);
    }

    public static <T> Builder<T> named(String name) {
        return new Builder<>(name);
    }

    /** Collects the columns of a table in order. */
    public static final class Builder<T> {
        private final String name;
        private final List<Column<T>> columns = new ArrayList<>();
        private final List<Dynamic<T>> dynamics = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder<T> column(String column, ColumnType type, Function<T, Object> getter) {
            if (columns.stream().anyMatch(c -> c.name().equals(column))) {
                throw new IllegalArgumentException("column " + column + " twice in " + name);
            }
            columns.add(new Column<>(column, type, getter));
            return this;
        }

        /**
         * Columns named {@code prefix + key} for the keys of each row's map, typed by their values
         * (Integer: INT32, Long: INT64, Double: DOUBLE, anything else: STRING). A file's schema is the
         * static columns plus the sorted union of its rows' keys over every family; a row without a key
         * holds null. A group column under the prefix refuses the file: every value must be read.
         */
        public Builder<T> dynamic(String prefix, Function<T, Map<String, Object>> getter) {
            return dynamic(new Dynamic<>(prefix, getter, true, null));
        }

        /**
         * Dynamic DOUBLE columns under a prefix static columns share ({@code test_}): a key makes its
         * column even when its values are null, a static column is never read as dynamic, and a group
         * column under the prefix is ignored rather than refused.
         */
        public Builder<T> dynamicDoubles(String prefix, Function<T, Map<String, Object>> getter) {
            return dynamic(new Dynamic<>(prefix, getter, false, ColumnType.DOUBLE));
        }

        private Builder<T> dynamic(Dynamic<T> dynamic) {
            String prefix = dynamic.prefix();
            if (dynamics.stream().anyMatch(d -> d.prefix().startsWith(prefix) || prefix.startsWith(d.prefix()))) {
                throw new IllegalArgumentException("dynamic prefix " + prefix + " overlaps another in " + name);
            }
            dynamics.add(dynamic);
            return this;
        }

        public ParquetTable<T> build() {
            return new ParquetTable<>(name, columns, dynamics);
        }
    }

    public List<Column<T>> columns() {
        return columns;
    }

    public MessageType schema() {
        return schema;
    }

    private static Type parquetType(Column<?> c) {
        return switch (c.type()) {
            case STRING ->
                Types.optional(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(c.name());
            case INT -> Types.optional(PrimitiveTypeName.INT32).named(c.name());
            case LONG -> Types.optional(PrimitiveTypeName.INT64).named(c.name());
            case DOUBLE -> Types.optional(PrimitiveTypeName.DOUBLE).named(c.name());
            case TIMESTAMP_MILLIS ->
                Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS))
                        .named(c.name());
            case DOUBLE_LIST ->
                Types.optionalList().optionalElement(PrimitiveTypeName.DOUBLE).named(c.name());
        };
    }

    /** Writes rows as a new file {@code <prefix>-<random>.parquet} in dir. */
    public Path append(Configuration conf, Path dir, String filePrefix, List<T> rows) {
        Path target =
                new Path(dir, filePrefix + "-" + UUID.randomUUID().toString().substring(0, 8) + ".parquet");
        return write(conf, target, rows);
    }

    /** The static columns plus the batch's dynamic ones, sorted by name, typed by their first non-null value. */
    private MessageType schemaOf(List<T> rows, Map<String, ColumnType> dynamicTypes) {
        if (dynamics.isEmpty()) {
            return schema;
        }
        for (T row : rows) {
            for (Dynamic<T> d : dynamics) {
                Map<String, Object> values = d.getter().apply(row);
                if (values == null) {
                    continue;
                }
                values.forEach((k, v) -> {
                    String col = d.prefix() + k;
                    if (schema.containsField(col)) {
                        // a declared metric's name is checked against the static columns before a sweep runs
                        throw new IllegalArgumentException("dynamic column " + col + " is a static column of " + name);
                    }
                    if (d.type() != null) {
                        dynamicTypes.putIfAbsent(col, d.type());
                    } else if (v != null) {
                        dynamicTypes.putIfAbsent(col, dynamicType(v));
                    }
                });
            }
        }
        if (dynamicTypes.isEmpty()) {
            return schema;
        }
        Types.MessageTypeBuilder b = Types.buildMessage();
        schema.getFields().forEach(b::addField);
        dynamicTypes.forEach((col, type) -> b.addField(parquetType(new Column<T>(col, type, r -> null))));
        return b.named(name);
    }

    /** A row's dynamic values by full column name, every family together. */
    private Map<String, Object> dynamicValues(T row) {
        Map<String, Object> out = new HashMap<>();
        for (Dynamic<T> d : dynamics) {
            Map<String, Object> values = d.getter().apply(row);
            if (values != null) {
                values.forEach((k, v) -> out.put(d.prefix() + k, v));
            }
        }
        return out;
    }

    private static ColumnType dynamicType(Object v) {
        if (v instanceof Integer) {
            return ColumnType.INT;
        }
        if (v instanceof Long) {
            return ColumnType.LONG;
        }
        return v instanceof Double ? ColumnType.DOUBLE : ColumnType.STRING;
    }

    /** Writes rows to exactly {@code target}, replacing it. */
    public Path write(Configuration conf, Path target, List<T> rows) {
        Path tmp = AtomicFiles.temporaryFor(target);
        Map<String, ColumnType> dynamicTypes = new TreeMap<>();
        MessageType schema = schemaOf(rows, dynamicTypes);
        int version = dynamicTypes.isEmpty() ? SCHEMA_VERSION : DYNAMIC_SCHEMA_VERSION;
        try {
            FileSystem fs = target.getFileSystem(conf);
            fs.setWriteChecksum(false); // no .crc side files next to the Parquet files people open
            fs.mkdirs(target.getParent());
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(tmp)
                    .withConf(conf)
                    .withType(schema)
                    .withExtraMetaData(Map.of(VERSION_KEY, String.valueOf(version)))
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .build()) {
                for (T row : rows) {
                    w.write(toGroup(groups.newGroup(), row, dynamicTypes));
                }
            }
            AtomicFiles.publish(fs, tmp, target);
            return target;
        } catch (IOException e) {
            throw new OutputException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private Group toGroup(Group g, T row, Map<String, ColumnType> dynamicTypes) {
        List<Column<T>> all = new ArrayList<>(columns);
        if (!dynamicTypes.isEmpty()) {
            Map<String, Object> values = dynamicValues(row);
            dynamicTypes.forEach((col, type) -> all.add(new Column<T>(col, type, r -> values.get(col))));
        }
        for (Column<T> c : all) {
            Object v = c.getter().apply(row);
            if (v == null) {
                continue;
            }
            switch (c.type()) {
                case STRING -> g.append(c.name(), v.toString());
                case INT -> g.append(c.name(), ((Number) v).intValue());
                case LONG, TIMESTAMP_MILLIS -> g.append(c.name(), ((Number) v).longValue());
                case DOUBLE -> g.append(c.name(), ((Number) v).doubleValue());
                case DOUBLE_LIST -> {
                    Group list = g.addGroup(c.name());
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
    public List<StoredRow> readAll(Configuration conf, Path dir) {
        return readAll(conf, dir, null);
    }

    /**
     * Reads only the named columns of every committed file (Parquet decodes nothing else: resuming a
     * 100 000-trial sweep needs its trial ids, not its curves); null reads every column.
     */
    public List<StoredRow> readAll(Configuration conf, Path dir, Set<String> only) {
        List<StoredRow> rows = new ArrayList<>();
        try {
            for (Path f : committedFiles(conf, dir)) {
                readFile(conf, f, rows, only);
            }
            return rows;
        } catch (IOException e) {
            throw new OutputException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The committed files of dir in name order: no temporaries, nothing hidden. */
    public static List<Path> committedFiles(Configuration conf, Path dir) {
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                return List.of();
            }
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw new OutputException(dir + " is a file, not a folder of Parquet files");
            }
            FileStatus[] files = fs.listStatus(
                    dir,
                    p -> p.getName().endsWith(".parquet")
                            && !p.getName().startsWith("_")
                            && !p.getName().startsWith("."));
            Arrays.sort(
                    files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            return Arrays.stream(files).map(FileStatus::getPath).toList();
        } catch (IOException e) {
            throw new OutputException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads the given files' rows, in order. */
    public List<StoredRow> readFiles(Configuration conf, List<Path> files) {
        List<StoredRow> rows = new ArrayList<>();
        try {
            for (Path f : files) {
                readFile(conf, f, rows, null);
            }
            return rows;
        } catch (IOException e) {
            throw new OutputException("cannot read " + files + ": " + e.getMessage(), e);
        }
    }

    private void readFile(Configuration conf, Path file, List<StoredRow> rows, Set<String> only) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
            checkReadable(
                    file,
                    reader.getFooter().getFileMetaData().getKeyValueMetaData().get(VERSION_KEY),
                    fileSchema);
            MessageType requested = fileSchema;
            if (only != null) {
                List<Type> fields = fileSchema.getFields().stream()
                        .filter(f -> only.contains(f.getName()) || isDynamic(f))
                        .toList();
                requested = new MessageType(fileSchema.getName(), fields);
                reader.setRequestedSchema(requested);
            }
            for (PageReadStore pages; (pages = reader.readNextRowGroup()) != null; ) {
                RecordReader<Group> records = new ColumnIOFactory()
                        .getColumnIO(requested, fileSchema)
                        .getRecordReader(pages, new GroupRecordConverter(requested));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(fromGroup(records.read(), file));
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof OutputException) {
                throw e;
            }
            // not a Parquet file, a truncated one, ...: name it instead of failing somewhere later
            throw new IncompatibleOutputException(
                    file + " is not a readable Parquet file (" + e.getClass().getSimpleName()
                            + (e.getMessage() == null
                                    ? ""
                                    : ": " + e.getMessage().lines().findFirst().orElse("")) + "); move it away, "
                            + "or rerun with --fresh");
        }
    }

    /** Refuses a file of a newer schema version, or with a known column of another type. */
    void checkReadable(Path file, String version, MessageType fileSchema) {
        int v;
        try {
            v = version == null ? 1 : Integer.parseInt(version.trim());
        } catch (NumberFormatException e) {
            throw new IncompatibleOutputException(file + ": schema version '" + version + "' is not a number");
        }
        if (v > DYNAMIC_SCHEMA_VERSION) {
            throw new IncompatibleOutputException(file + " was written by a newer sparksweep (schema version " + v
                    + "; this one reads up to " + DYNAMIC_SCHEMA_VERSION
                    + "); use that version, rerun with --fresh, or into another --out");
        }
        for (Type field : fileSchema.getFields()) {
            boolean valuesOnly = dynamics.stream()
                    .anyMatch(d -> d.valuesOnly() && field.getName().startsWith(d.prefix()));
            if (valuesOnly && !field.isPrimitive() && !schema.containsField(field.getName())) {
                throw new IncompatibleOutputException(file + ": column '" + field.getName()
                        + "' is a group, not a parameter's value; rerun with --fresh, or into another --out");
            }
            if (schema.containsField(field.getName())) {
                Type ours = schema.getType(field.getName());
                if (!sameShape(ours, field)) {
                    throw new IncompatibleOutputException(
                            file + " was written by another sparksweep version with a different "
                                    + "schema (column '" + field.getName() + "' is " + describe(field)
                                    + ", this version writes "
                                    + describe(ours) + "); rerun with --fresh, or into another --out");
                }
            }
        }
    }

    private static boolean sameShape(Type a, Type b) {
        if (a.isPrimitive() != b.isPrimitive()) {
            return false;
        }
        if (a.isPrimitive()) {
            return a.asPrimitiveType().getPrimitiveTypeName()
                            == b.asPrimitiveType().getPrimitiveTypeName()
                    && Objects.equals(a.getLogicalTypeAnnotation(), b.getLogicalTypeAnnotation());
        }
        return a.equals(b);
    }

    private static String describe(Type t) {
        return t.isPrimitive()
                ? t.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase(Locale.ROOT)
                        + (t.getLogicalTypeAnnotation() == null ? "" : " (" + t.getLogicalTypeAnnotation() + ")")
                : "a group";
    }

    private StoredRow fromGroup(Group g, Path file) {
        Map<String, Object> values = new HashMap<>();
        for (Column<T> c : columns) {
            String col = c.name();
            if (!g.getType().containsField(col) || g.getFieldRepetitionCount(col) == 0) {
                continue; // absent from this file (an older version) or null
            }
            values.put(
                    col,
                    switch (c.type()) {
                        case STRING -> g.getString(col, 0);
                        case INT -> g.getInteger(col, 0);
                        case LONG, TIMESTAMP_MILLIS -> g.getLong(col, 0);
                        case DOUBLE -> g.getDouble(col, 0);
                        case DOUBLE_LIST -> {
                            Group list = g.getGroup(col, 0);
                            int n = list.getFieldRepetitionCount("list");
                            List<Double> doubles = new ArrayList<>(n);
                            for (int j = 0; j < n; j++) {
                                Group element = list.getGroup("list", j);
                                doubles.add(
                                        element.getFieldRepetitionCount("element") == 0
                                                ? null
                                                : element.getDouble("element", 0));
                            }
                            yield doubles;
                        }
                    });
        }
        for (Type field : g.getType().getFields()) {
            String col = field.getName();
            if (isDynamic(field) && g.getFieldRepetitionCount(col) > 0) {
                values.put(
                        col,
                        switch (field.asPrimitiveType().getPrimitiveTypeName()) {
                            case INT32 -> g.getInteger(col, 0);
                            case INT64 -> g.getLong(col, 0);
                            case DOUBLE -> g.getDouble(col, 0);
                            default -> g.getString(col, 0);
                        });
            }
        }
        return new StoredRow(values, file.toString());
    }

    /** A dynamic column of this table: one of its prefixes, primitive, and not one of the static columns. */
    private boolean isDynamic(Type field) {
        return dynamics.stream().anyMatch(d -> field.getName().startsWith(d.prefix()))
                && field.isPrimitive()
                && !schema.containsField(field.getName());
    }
}
