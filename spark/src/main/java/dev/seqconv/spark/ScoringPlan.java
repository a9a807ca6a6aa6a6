package dev.seqconv.spark;

import dev.seqconv.api.spi.Backend;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;

/**
 * What each task needs to score its partition, sent to the executors: the broadcast model, the backend's name,
 * the feature column and how to shape the outputs. A task takes the model from its JVM's {@link ExecutorModels},
 * loading it from the broadcast bytes only if no earlier task there has, and holds it until the task ends.
 *
 * @param archive      the {@code .keras} archive's bytes, broadcast
 * @param archiveHash  their SHA-256, the model's key in the cache
 * @param backend      the backend's name, or null for the executor's default
 * @param features     the column holding the model's input
 * @param batchSize    rows per engine call
 * @param outputSize   the number of output values per row: 1 gives a float column, more an array of floats
 * @param keepsBadRows whether a row that cannot be scored gets a null prediction and the reason instead of
 *                     failing the task
 */
record ScoringPlan(Broadcast<byte[]> archive, String archiveHash, String backend, FeatureColumn features,
                   int batchSize, int outputSize, boolean keepsBadRows) implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Backend engine = ExecutorBackends.resolve(backend);
        ExecutorModels.Lease lease = ExecutorModels.acquire(archiveHash + "/" + engine.id(),
                () -> ScoringModel.load(archive.value(), engine, batchSize));
        TaskContext.get().addTaskCompletionListener((TaskCompletionListener) context -> lease.close());
        return new ScoredRows(rows, lease.model(), this);
    }

    /** The prediction column's value for one row's outputs. */
    Object prediction(float[] outputs) {
        return outputSize == 1 ? (Object) outputs[0] : outputs;
    }
}
