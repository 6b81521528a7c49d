package io.sparksweep.store;

/** One column of a table: a snake_case name and a type (meanings are documented in the README). */
public record Column(String name, ColumnType type) {
}
