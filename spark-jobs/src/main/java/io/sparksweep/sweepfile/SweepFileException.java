package io.sparksweep.sweepfile;

import io.sparksweep.util.BadInputException;

/** A fault in a sweep file, reported as one line: {@code file:line: key: what is wrong}. */
public class SweepFileException extends BadInputException {
    private final String file;
    private final int line;
    private final String key;
    private final String problem;

    public SweepFileException(String file, int line, String key, String problem) {
        super(format(file, line, key, problem));
        this.file = file;
        this.line = line;
        this.key = key;
        this.problem = problem;
    }

    private static String format(String file, int line, String key, String problem) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (key != null && !key.isEmpty()) {
            sb.append(key).append(": ");
        }
        return sb.append(problem).toString();
    }

    public String file() {
        return file;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    public String key() {
        return key;
    }

    public String problem() {
        return problem;
    }
}
