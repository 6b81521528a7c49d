package io.sparksweep.store;

/** The column types our two tables use. Each maps to one Parquet type that Spark and DuckDB read natively. */
public enum ColumnType {
    STRING,
    INT,
    LONG,
    DOUBLE,
    TIMESTAMP_MILLIS,
    DOUBLE_LIST
}
