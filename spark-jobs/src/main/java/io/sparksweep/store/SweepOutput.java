package io.sparksweep.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparksweep.plan.Plan;
import io.sparksweep.space.Hyperparameter;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The folder {@code <out>/<sweep>/} on any Hadoop file system:
 * {@code sweep.yaml} (the file as run), {@code plan.json}, {@code trials/} and {@code summary/}.
 */
public final class SweepOutput {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Configuration conf;
    private final Path root;

    public SweepOutput(String outDir, String sweepName, Configuration conf) {
        this.conf = conf;
        this.root = new Path(new Path(outDir), sweepName);
    }

    /** The output of one sweep, given its own folder (<out>/<sweep name>), a local path or a Hadoop URI. */
    public static SweepOutput ofFolder(String sweepFolder, Configuration conf) {
        Path folder = new Path(sweepFolder);
        return new SweepOutput(folder.getParent() == null ? "." : folder.getParent().toString(), folder.getName(), conf);
    }

    public Path root() {
        return root;
    }

    public Path trialsDir() {
        return new Path(root, "trials");
    }

    public Path summaryDir() {
        return new Path(root, "summary");
    }

    public Path planFile() {
        return new Path(root, "plan.json");
    }

    /** The sweep hash recorded by an earlier run in this folder, or null if there was none. */
    public String storedSweepSha() {
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(planFile())) {
                return fs.exists(trialsDir()) ? "unknown" : null;
            }
            try (InputStream in = fs.open(planFile())) {
                Object sha = JSON.readValue(in, Map.class).get("sweep_sha256");
                return sha == null ? "unknown" : sha.toString();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + planFile() + ": " + e.getMessage(), e);
        }
    }

    public void delete() {
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (fs.exists(root)) {
                fs.delete(root, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + root + ": " + e.getMessage(), e);
        }
    }

    /** Writes the sweep file as run and the whole plan, each through a temporary name. */
    public void writePlan(Plan plan, String sweepText) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sweep", plan.sweep().name());
        doc.put("sweep_sha256", plan.sweep().sha256());
        doc.put("source_file", plan.sweep().sourceFile());
        doc.put("dataset", plan.sweep().dataset().toString());
        doc.put("method", plan.sweep().method().name().toLowerCase());
        doc.put("seed", plan.sweep().seed());
        doc.put("repeats", plan.sweep().repeats());
        doc.put("configurations", plan.configs().size());
        doc.put("searched", plan.searched().stream().map(Hyperparameter::key).toList());
        doc.put("trials", plan.trials().stream().map(SweepOutput::trialDoc).toList());
        try {
            writeAtomically(planFile(), JSON.writeValueAsBytes(doc));
            writeAtomically(new Path(root, "sweep.yaml"), sweepText.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + root + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> trialDoc(TrialSpec t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial_id", t.trialId());
        m.put("config_id", t.configId());
        m.put("repeat", t.repeat());
        m.put("seed", t.seed());
        for (Hyperparameter h : Hyperparameter.values()) {
            m.put(h.key(), t.config().get(h));
        }
        return m;
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        fs.setWriteChecksum(false);
        Path tmp = new Path(target.getParent(), "_tmp-" + target.getName());
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        if (fs.exists(target)) {
            fs.delete(target, false);
        }
        if (!fs.rename(tmp, target)) {
            throw new IOException("could not rename " + tmp + " to " + target);
        }
    }

    public void removeLeftovers() {
        ParquetTable.removeLeftovers(conf, trialsDir());
        ParquetTable.removeLeftovers(conf, summaryDir());
    }

    public List<TrialResult> readTrials() {
        return TrialTable.TABLE.readAll(conf, trialsDir()).stream().map(TrialTable::fromRow).toList();
    }

    public Set<String> storedTrialIds() {
        int col = TrialTable.TABLE.index("trial_id");
        Set<String> ids = new HashSet<>();
        for (Object[] row : TrialTable.TABLE.readAll(conf, trialsDir())) {
            ids.add((String) row[col]);
        }
        return ids;
    }

    /** Appends finished trials as one new Parquet file: one commit of a wave. */
    public void commit(List<TrialResult> trials) {
        if (!trials.isEmpty()) {
            TrialTable.TABLE.append(conf, trialsDir(), "part-" + System.currentTimeMillis(),
                    trials.stream().map(TrialTable::toRow).toList());
        }
    }

    /** Writes report/ (index.html and its plots), each file through a temporary name; returns index.html. */
    public Path writeReport(Map<String, byte[]> files) {
        Path dir = new Path(root, "report");
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                writeAtomically(new Path(dir, f.getKey()), f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir + ": " + e.getMessage(), e);
        }
        return new Path(dir, "index.html");
    }

    /** The sweep file as it was run (sweep.yaml next to the results), or null if there is none. */
    public String storedSweepText() {
        Path file = new Path(root, "sweep.yaml");
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(file)) {
                return null;
            }
            try (InputStream in = fs.open(file)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
        }
    }

    public void writeSummary(List<ConfigSummary> summaries) {
        SummaryTable.TABLE.write(conf, new Path(summaryDir(), "part-00000.parquet"),
                summaries.stream().map(SummaryTable::toRow).toList());
    }
}
