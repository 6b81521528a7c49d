/**
 * The command line: {@code sparksweep SWEEP_FILE} and its subcommands ({@code report}, {@code evaluate},
 * {@code export-table}), parsed with picocli; each command hands its work to {@link io.sparksweep.driver}
 * or the packages below it and maps failures to one line and an exit code. It may import every other
 * package of the project but never Spark directly.
 */
package io.sparksweep.cli;
