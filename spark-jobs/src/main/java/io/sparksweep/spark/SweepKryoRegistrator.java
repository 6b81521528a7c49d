package io.sparksweep.spark;

import io.sparksweep.data.EncodedTable;
import io.sparksweep.data.EncodedTableFiles;
import io.sparksweep.data.Examples;
import io.sparksweep.data.TableDataset;
import io.sparksweep.train.NativeBuild;
import io.sparksweep.trial.Config;
import io.sparksweep.trial.Provenance;
import io.sparksweep.trial.TrialOutcome;
import io.sparksweep.trial.TrialResult;
import io.sparksweep.trial.TrialSegment;
import io.sparksweep.trial.TrialSpec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Our task inputs and results are Java records, whose final fields Kryo's field serializer cannot
 * set on Java 17; they are small, so Java serialization inside Kryo is the simple, correct choice.
 * ND4J's own registrator (listed next to this one) handles INDArrays.
 */
public class SweepKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        NativeBuild.select(); // an executor builds its serializers before its first task touches ND4J
        for (Class<?> c : new Class<?>[] {
            TrialSegment.class,
            TrialSpec.class,
            TrialResult.class,
            TrialOutcome.class,
            Config.class,
            Provenance.class,
            TableDataset.class,
            Examples.class,
            EncodedTable.class,
            EncodedTableFiles.Written.class,
            StreamedTable.Moments.class
        }) {
            kryo.register(c, new JavaSerializer());
        }
    }
}
