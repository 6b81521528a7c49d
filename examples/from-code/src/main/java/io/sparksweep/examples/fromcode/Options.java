package io.sparksweep.examples.fromcode;

/**
 * The program's arguments.
 *
 * @param master Spark's master URL
 * @param table  the CSV table to sweep on (a path or any Hadoop URI)
 * @param label  its label column
 * @param epochs epochs per trial
 * @param out    the output root; the sweep lands in {@code out/<sweepName()>}
 * @param fresh  delete that sweep's earlier results first, instead of resuming them
 */
record Options(String master, String table, String label, int epochs, String out, boolean fresh) {

    /** The digits table examples/residual-graph ships, relative to the repository's root. */
    static final String DIGITS = "examples/residual-graph/data/digits.csv";

    /**
     * {@code from-code-<the table's file name without extension>}, in the letters a sweep name
     * admits: each table its own sweep, since a sweep's stored trials belong to one dataset.
     */
    String sweepName() {
        String file = table.substring(table.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        String stem = (dot > 0 ? file.substring(0, dot) : file).replaceAll("[^A-Za-z0-9._-]", "_");
        return stem.isEmpty() ? "from-code" : "from-code-" + stem;
    }

    /**
     * Reads {@code --name value} pairs and {@code --fresh}.
     *
     * @throws IllegalArgumentException an unknown option, a missing value or epochs that are not a
     *     positive whole number (the message names it)
     */
    static Options parse(String[] args) {
        String master = "local[*]";
        String table = DIGITS;
        String label = "digit";
        int epochs = 20;
        String out = "results";
        boolean fresh = false;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--fresh")) {
                fresh = true;
                continue;
            }
            if (!name.equals("--master")
                    && !name.equals("--table")
                    && !name.equals("--label")
                    && !name.equals("--epochs")
                    && !name.equals("--out")) {
                throw new IllegalArgumentException("unknown argument '" + name + "'");
            }
            if (i + 1 >= args.length || args[i + 1].isBlank()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--master" -> master = value;
                case "--table" -> table = value;
                case "--label" -> label = value;
                case "--out" -> out = value;
                default -> epochs = positive(name, value);
            }
        }
        return new Options(master, table, label, epochs, out, fresh);
    }

    private static int positive(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // refused below, with the value
        }
        throw new IllegalArgumentException(name + " must be a positive whole number (got '" + value + "')");
    }
}
