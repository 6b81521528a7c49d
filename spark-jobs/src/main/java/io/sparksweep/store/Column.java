package io.sparksweep.store;

import java.util.function.Function;

/**
 * One column of a table: a snake_case name, a type, and how to get its value from the object a row
 * is written from (null = missing). Meanings are documented in docs/output.md.
 */
public record Column<T>(String name, ColumnType type, Function<T, Object> getter) {}
