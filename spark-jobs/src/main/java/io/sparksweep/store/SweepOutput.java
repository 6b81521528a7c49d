package io.sparksweep.store;

import io.sparksweep.plan.Plan;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.stats.ConfigSummary;
import io.sparksweep.trial.Metrics;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The folder {@code <out>/<sweep>/} on any Hadoop file system:
 * {@code sweep.yaml} (the file as run), {@code plan.json}, {@code trials/} and {@code summary/}, the
 * early-stopping log and {@code rungs/}, {@code report/}; {@link NetworkFiles} has the networks.
 */
public final class SweepOutput {

    private final AtomicInteger committed = new AtomicInteger();

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
        return new SweepOutput(
                folder.getParent() == null ? "." : folder.getParent().toString(), folder.getName(), conf);
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

    /** Early stopping: every trial's rows as of the rungs it reached (same columns as trials/). */
    public Path rungsDir() {
        return new Path(root, "rungs");
    }

    /** The trials' networks: checkpoints between segments and the kept models. */
    public NetworkFiles networks() {
        return new NetworkFiles(root, conf);
    }

    public void commitRungs(List<TrialResult> rows) {
        if (!rows.isEmpty()) {
            TrialTable.TABLE.append(conf, rungsDir(), "part-" + System.currentTimeMillis(), rows);
        }
    }

    /** Each trial's furthest row in rungs/. */
    public Map<String, TrialResult> latestRungRows() {
        Map<String, TrialResult> latest = new LinkedHashMap<>();
        for (StoredRow row : TrialTable.TABLE.readAll(conf, rungsDir())) {
            TrialResult t = TrialTable.fromRow(row);
            latest.merge(
                    t.spec().trialId(),
                    t,
                    (a, b) -> b.outcome().epochSeconds().size()
                                    > a.outcome().epochSeconds().size()
                            ? b
                            : a);
        }
        return latest;
    }

    private Path earlyStoppingLog() {
        return new Path(root, "early_stopping.json");
    }

    /** The early-stopping decisions' inputs in the order they happened, or null before the first. */
    public byte[] readEarlyStoppingLog() {
        return readIfThere(earlyStoppingLog());
    }

    public void writeEarlyStoppingLog(byte[] json) {
        writeAtomically(earlyStoppingLog(), json);
    }

    /** {@code trace.csv}: where a traced sweep's time went, one row per segment ({@code --trace}). */
    public Path traceFile() {
        return new Path(root, "trace.csv");
    }

    public void writeTrace(byte[] csv) {
        writeAtomically(traceFile(), csv);
    }

    /** The bytes the folder holds now (every file under it); -1 if it cannot be listed. */
    public long bytesOnDisk() {
        try {
            FileSystem fs = root.getFileSystem(conf);
            return fs.exists(root) ? fs.getContentSummary(root).getLength() : 0;
        } catch (IOException e) {
            return -1; // only measured for the trace
        }
    }

    private Path raceLog() {
        return new Path(root, "racing.json");
    }

    /** Racing's starts and reports in the order they happened ({@code racing.json}), or null before the first. */
    public byte[] readRaceLog() {
        return readIfThere(raceLog());
    }

    public void writeRaceLog(byte[] json) {
        writeAtomically(raceLog(), json);
    }

    /** A small file's bytes, or null when it does not exist (yet). */
    private byte[] readIfThere(Path file) {
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(file)) {
                return null;
            }
            try (InputStream in = fs.open(file)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new OutputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces a small file whole, so a reader never sees half of it. */
    private void writeAtomically(Path file, byte[] bytes) {
        try {
            AtomicFiles.write(conf, file, bytes);
        } catch (IOException e) {
            throw new OutputException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The Hadoop configuration this folder is read and written with. */
    Configuration conf() {
        return conf;
    }

    public Path planFile() {
        return new Path(root, "plan.json");
    }

    /**
     * Refuses, before anything is written, an output root that cannot hold a folder: a path one of
     * whose existing ancestors (or the sweep folder itself) is a file.
     */
    public void requireUsable() {
        try {
            FileSystem fs = root.getFileSystem(conf);
            for (Path p = root; p != null; p = p.getParent()) {
                if (fs.exists(p)) {
                    if (!fs.getFileStatus(p).isDirectory()) {
                        throw new OutputException(
                                "cannot write results to " + root + ": " + p + " is a file, not a folder");
                    }
                    return;
                }
            }
        } catch (IOException e) {
            throw new OutputException("cannot use " + root + ": " + e.getMessage(), e);
        }
    }

    /** Takes this folder for one driver; see {@link OutputLock}. */
    public OutputLock lock() {
        return OutputLock.acquire(conf, root);
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
            throw new OutputException("cannot read " + planFile() + ": " + e.getMessage(), e);
        }
    }

    /** Deletes everything this sweep stored (for --fresh), but not the lock the caller holds. */
    public void delete() {
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (fs.exists(root)) {
                for (FileStatus f : fs.listStatus(root, p -> !p.getName().equals(OutputLock.FILE))) {
                    fs.delete(f.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new OutputException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    /** Writes the sweep file as run and the whole plan, each atomically. */
    public void writePlan(Plan plan, String sweepText) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sweep", plan.sweep().name());
        doc.put("sweep_sha256", plan.sweep().sha256());
        doc.put("source_file", plan.sweep().sourceFile());
        // no dataset: the user's model supplies its data, as the canonical form says
        doc.put(
                "dataset",
                plan.sweep().dataset() == null
                        ? "model"
                        : plan.sweep().dataset().toString());
        doc.put("method", plan.sweep().method().name().toLowerCase(Locale.ROOT));
        doc.put("seed", plan.sweep().seed());
        doc.put("repeats", plan.sweep().repeats());
        doc.put("configurations", plan.configs().size());
        doc.put("searched", plan.searched().stream().map(ParameterKey::key).toList());
        if (plan.sweep().isUserModel()) {
            // the declarations, so that a report reads a user sweep without the user's class
            doc.put("model", plan.sweep().model().document());
        }
        doc.put("trials", plan.trials().stream().map(SweepOutput::trialDoc).toList());
        try {
            AtomicFiles.write(conf, planFile(), JSON.writeValueAsBytes(doc));
            AtomicFiles.write(conf, new Path(root, "sweep.yaml"), sweepText.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OutputException("cannot write " + root + ": " + e.getMessage(), e);
        }
    }

    /** The table's summary and preprocessing ({@code dataset.json}), written once the table is read. */
    public Path datasetFile() {
        return new Path(root, "dataset.json");
    }

    /** {@code dataset.json} as the sweep wrote it, or null when there is none (images, or not read yet). */
    public String storedDatasetText() {
        return textIfPresent(datasetFile());
    }

    /** Writes {@code dataset.json} atomically: what the sweep's table turned into. */
    public void writeDataset(Object doc) {
        try {
            AtomicFiles.write(conf, datasetFile(), JSON.writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new OutputException("cannot write " + datasetFile() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> trialDoc(TrialSpec t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial_id", t.trialId());
        m.put("config_id", t.configId());
        m.put("repeat", t.repeat());
        m.put("seed", t.seed());
        // a built-in configuration's keys are the whole vocabulary, in its order, as before
        for (ParameterKey h : t.config().keys()) {
            m.put(h.key(), t.config().get(h));
        }
        if (t.config().isUserModel()) {
            m.put("model_class", t.config().modelClass());
        }
        return m;
    }

    /** Removes the temporaries a killed driver left: of plan.json and sweep.yaml, trial and summary files, the report. */
    public void removeLeftovers() {
        try {
            for (Path dir : List.of(
                    root,
                    trialsDir(),
                    summaryDir(),
                    reportDir(),
                    rungsDir(),
                    networks().checkpointsDir(),
                    networks().modelsDir())) {
                AtomicFiles.removeLeftovers(conf, dir);
            }
        } catch (IOException e) {
            throw new OutputException("cannot clean " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every stored trial once (see {@link #compactTrials}), in file order. Synchronized with
     * compaction: the live report reads on another thread while the commit loop may merge files.
     */
    public synchronized List<TrialResult> readTrials() {
        return once(TrialTable.TABLE.readAll(conf, trialsDir()));
    }

    /**
     * Every stored trial once without its per-epoch lists, read from the scalar columns only (Parquet
     * decodes nothing else): what the summary needs, at a fraction of the memory of whole rows.
     */
    public synchronized List<TrialResult> readTrialsWithoutCurves() {
        Set<String> scalars = new HashSet<>();
        for (Column<TrialResult> c : TrialTable.TABLE.columns()) {
            // the robustness arrays are a few values per noise level, and the summary needs them
            if (c.type() != ColumnType.DOUBLE_LIST || Metrics.ROBUSTNESS.contains(c.name())) {
                scalars.add(c.name());
            }
        }
        return once(TrialTable.TABLE.readAll(conf, trialsDir(), scalars));
    }

    /** Whole rows (curves included) of the given configurations' trials only, each trial once. */
    public synchronized List<TrialResult> readTrialsOf(Set<String> configIds) {
        return once(TrialTable.TABLE.readAll(conf, trialsDir()).stream()
                .filter(r -> configIds.contains((String) r.value("config_id")))
                .toList());
    }

    /** Every stored row, duplicates included: for checks that a trial was never committed twice. */
    public List<TrialResult> readTrialRows() {
        return TrialTable.TABLE.readAll(conf, trialsDir()).stream()
                .map(TrialTable::fromRow)
                .toList();
    }

    private static List<TrialResult> once(List<StoredRow> rows) {
        Map<String, TrialResult> byId = new LinkedHashMap<>();
        for (StoredRow row : rows) {
            byId.putIfAbsent((String) row.required("trial_id"), TrialTable.fromRow(row));
        }
        return List.copyOf(byId.values());
    }

    /**
     * The ids of the stored trials, read from that one column; reading them also refuses results
     * this version cannot read.
     */
    public Set<String> storedTrialIds() {
        Set<String> ids = new HashSet<>();
        for (StoredRow row : TrialTable.TABLE.readAll(conf, trialsDir(), Set.of("trial_id"))) {
            ids.add((String) row.required("trial_id"));
        }
        return ids;
    }

    /** The dataset hashes the stored trials were trained on, read from that one column. */
    public Set<String> storedDatasetShas() {
        Set<String> shas = new HashSet<>();
        for (StoredRow row : TrialTable.TABLE.readAll(conf, trialsDir(), Set.of("dataset_sha256"))) {
            shas.add(row.string("dataset_sha256"));
        }
        return shas;
    }

    /** Files at least this large were compacted already and are left alone. */
    static final long COMPACTED_BYTES = 16L << 20;

    /**
     * Merges trials/'s small committed files (one per commit) into one, when there are at least
     * {@code minFiles} of them: a 100 000-trial sweep leaves a few files, not one per commit.
     * Crash-safe: the merged file is published atomically before the originals are deleted, so a kill
     * in between leaves some trials in two files with identical rows, which every reader takes once
     * ({@link #readTrials}, {@link #storedTrialIds}) and the next compaction merges away.
     *
     * @return how many files it merged (0 if it did nothing)
     */
    public int compactTrials(int minFiles) {
        return compactTrials(minFiles, () -> {});
    }

    synchronized int compactTrials(int minFiles, Runnable afterPublish) {
        try {
            FileSystem fs = trialsDir().getFileSystem(conf);
            List<Path> small = new ArrayList<>();
            for (Path f : ParquetTable.committedFiles(conf, trialsDir())) {
                if (fs.getFileStatus(f).getLen() < COMPACTED_BYTES) {
                    small.add(f);
                }
            }
            if (small.size() < Math.max(2, minFiles)) {
                return 0;
            }
            List<TrialResult> rows = once(TrialTable.TABLE.readFiles(conf, small));
            TrialTable.TABLE.append(conf, trialsDir(), "part-" + System.currentTimeMillis() + "-merged", rows);
            afterPublish.run();
            for (Path f : small) {
                fs.delete(f, false);
            }
            return small.size();
        } catch (IOException e) {
            throw new OutputException("cannot compact " + trialsDir() + ": " + e.getMessage(), e);
        }
    }

    /** Appends finished trials as one new Parquet file: one commit of a wave. */
    public void commit(List<TrialResult> trials) {
        if (!trials.isEmpty()) {
            TrialTable.TABLE.append(conf, trialsDir(), "part-" + System.currentTimeMillis(), trials);
            committed.addAndGet(trials.size());
        }
    }

    /** How many trial rows {@link #commit} stored through this object (what an interrupted run kept). */
    public int committed() {
        return committed.get();
    }

    private Path reportDir() {
        return new Path(root, "report");
    }

    /** Writes report/ (index.html and its plots), each file atomically; returns index.html. */
    public Path writeReport(Map<String, byte[]> files) {
        Path dir = reportDir();
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                AtomicFiles.write(conf, new Path(dir, f.getKey()), f.getValue());
            }
        } catch (IOException e) {
            throw new OutputException("cannot write " + dir + ": " + e.getMessage(), e);
        }
        return new Path(dir, "index.html");
    }

    /** The sweep file as it was run (sweep.yaml next to the results), or null if there is none. */
    public String storedSweepText() {
        return textIfPresent(new Path(root, "sweep.yaml"));
    }

    /** A small UTF-8 file of the folder, whole, or null when it does not exist. */
    private String textIfPresent(Path file) {
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.exists(file)) {
                return null;
            }
            try (InputStream in = fs.open(file)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new OutputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public void writeSummary(List<ConfigSummary> summaries) {
        SummaryTable.TABLE.write(conf, new Path(summaryDir(), "part-00000.parquet"), summaries);
    }
}
