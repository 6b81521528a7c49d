package io.sparksweep.data;

import java.io.Serializable;

/**
 * One part of a dataset (training, validation or test) as trainers read it: feature rows of
 * {@code x}, selected by {@code rows}, and their class indices or regression targets.
 * Parts of one dataset may share {@code x}; {@code rows} says which of its rows belong here.
 *
 * @param x       row-major features, {@code features} floats per row
 * @param classes class index per row of x (classification), or null
 * @param targets target per row of x in the label's own units (regression), or null
 * @param rows    the rows of x in this part
 */
public record Examples(float[] x, int[] classes, double[] targets, int[] rows) implements Serializable {

    public int size() {
        return rows.length;
    }

    public static int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
