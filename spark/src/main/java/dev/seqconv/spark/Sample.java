package dev.seqconv.spark;

import dev.seqconv.api.data.Batch;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.Input;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * One training sample read from a table row.
 *
 * @param x the model's input for it, of the input's shape
 * @param y its target, shape {@code (values)}
 */
record Sample(NdArray x, NdArray y) implements Serializable {

    /** The sample of a table row, for a model with input {@code input}. */
    static Sample read(Row row, FeatureColumn features, LabelColumn label, Input input) {
        return new Sample(features.read(row, input), label.read(row));
    }

    /** {@code samples} as a batch for a model with input {@code input}. */
    static Batch batch(List<Sample> samples, Input input) {
        List<NdArray> xs = new ArrayList<>(samples.size());
        List<NdArray> ys = new ArrayList<>(samples.size());
        for (Sample sample : samples) {
            xs.add(sample.x());
            ys.add(sample.y());
        }
        return new Batch(FeatureColumn.stack(xs, input.shape(), input.dataType()),
                FeatureColumn.stack(ys, ys.get(0).shape(), DataType.FLOAT32));
    }
}
