package io.sparksweep.spark;

import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSegment;

import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;
import scala.util.Try;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Runs trial segments as Spark jobs, one task per segment, and hands each result to the driver the
 * moment its task finishes, so results can be committed while the rest still train. A plain sweep
 * submits one job with every trial (longest first); early stopping submits a small job whenever
 * it has a configuration to start or promote, and all of them feed the same queue.
 */
public final class SparkTrials {

    private final JavaSparkContext jsc;
    private final TrialTask task;
    private final List<SimpleFutureAction<BoxedUnit>> jobs = new ArrayList<>();
    private final BlockingQueue<TrialResult> finished = new LinkedBlockingQueue<>();
    private int submitted;
    private int received;

    SparkTrials(JavaSparkContext jsc, TrialTask task) {
        this.jsc = jsc;
        this.task = task;
    }

    /** Starts one job with a task per segment, in the given order. */
    public void submit(List<TrialSegment> segments) {
        JavaRDD<TrialSegment> rdd = jsc.parallelize(segments, segments.size());
        Seq<Object> partitions = JavaConverters.asScalaBuffer(IntStream.range(0, segments.size())
                        .boxed()
                        .map(i -> (Object) i)
                        .toList())
                .toSeq();
        BlockingQueue<TrialResult> queue = finished;
        submitted += segments.size();
        jobs.add(jsc.sc()
                .submitJob(
                        rdd.rdd(),
                        task,
                        partitions,
                        new AbstractFunction2<Object, TrialResult, BoxedUnit>() {
                            @Override
                            public BoxedUnit apply(Object partition, TrialResult result) {
                                queue.add(result); // runs on Spark's scheduler thread: hand over, nothing more
                                return BoxedUnit.UNIT;
                            }
                        },
                        new AbstractFunction0<BoxedUnit>() {
                            @Override
                            public BoxedUnit apply() {
                                return BoxedUnit.UNIT;
                            }
                        }));
    }

    /** The next finished segment, or null if none finished within the timeout. */
    public TrialResult poll(long millis) throws InterruptedException {
        TrialResult r = finished.poll(millis, TimeUnit.MILLISECONDS);
        if (r != null) {
            received++;
        }
        return r;
    }

    /** Segments submitted whose results have not been polled yet. */
    public int outstanding() {
        return submitted - received;
    }

    /** True once every job ended (all tasks done, or failed) and every result has been polled. */
    public boolean drained() {
        return jobs.stream().allMatch(SimpleFutureAction::isCompleted) && finished.isEmpty();
    }

    /** The reason a job failed, or null if none did. Call after {@link #drained()} or on any finished job. */
    public Throwable failure() {
        for (SimpleFutureAction<BoxedUnit> job : jobs) {
            if (job.isCompleted()) {
                Try<BoxedUnit> outcome = job.value().get();
                if (outcome.isFailure()) {
                    return outcome.failed().get();
                }
            }
        }
        return null;
    }
}
