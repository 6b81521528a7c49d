package io.sparksweep.store;

/** One column of a table: a snake_case name, a type, and what it means (for the README). */
public record Column(String name, ColumnType type) {
}
