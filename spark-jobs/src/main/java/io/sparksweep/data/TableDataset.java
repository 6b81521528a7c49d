package io.sparksweep.data;

import java.io.Serializable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A table as trainers read it: encoded once on the driver into compact float matrices (numbers
 * as they are, booleans as 0/1, text features one-hot) and standardized with the training part's
 * statistics. Executors get one copy per JVM (a Spark broadcast).
 *
 * @param classNames  the label's classes in index order; null for regression
 * @param validation  null without a validation part
 * @param targetMean  regression: what the trainer subtracts from targets (0 when not standardized)
 * @param targetStd   regression: what the trainer divides targets by (1 when not standardized)
 * @param sha256      over the encoded matrices, labels, feature names and classes
 * @param preprocessing what turns a raw row into an input, kept with the models
 * @param summary     what the table turned into, for the console and dataset.json
 */
public record TableDataset(
        String source,
        List<String> featureNames,
        List<String> classNames,
        Examples train,
        Examples validation,
        Examples test,
        double targetMean,
        double targetStd,
        String sha256,
        TablePreprocessing preprocessing,
        TableSummary summary)
        implements Serializable {

    public boolean regression() {
        return classNames == null;
    }

    public int features() {
        return featureNames.size();
    }

    public int numClasses() {
        return regression() ? 0 : classNames.size();
    }

    /** Bytes held in memory: what an executor JVM keeps per copy. */
    public long bytes() {
        long b = 0;
        Set<Object> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Examples e : new Examples[] {train, validation, test}) {
            if (e != null) {
                // parts of one table share its matrix and labels: count each array once
                b += 4L * e.rows().length;
                if (!counted.add(e.x())) {
                    continue;
                }
                b += 4L * e.x().length
                        + (e.classes() == null ? 0 : 4L * e.classes().length)
                        + (e.targets() == null ? 0 : 8L * e.targets().length);
            }
        }
        return b;
    }
}
