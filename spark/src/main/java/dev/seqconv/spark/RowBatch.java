package dev.seqconv.spark;

import dev.seqconv.api.ndarray.NdArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Scores a batch of rows so that a bad row fails alone: each row is read and checked by itself first, the rows
 * that pass are scored together, and if the model still refuses that batch, its rows are scored one by one.
 */
final class RowBatch {

    private RowBatch() {
    }

    /** One outcome per row of {@code rows}, in order. */
    static List<RowOutcome> score(List<Row> rows, FeatureColumn features, ScoringModel model) {
        RowOutcome[] outcomes = new RowOutcome[rows.size()];
        List<Integer> valid = new ArrayList<>(rows.size());
        List<NdArray> samples = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            try {
                samples.add(model.read(rows.get(i), features));
                valid.add(i);
            } catch (IllegalArgumentException e) {
                outcomes[i] = RowOutcome.failed(e.getMessage());
            }
        }
        if (!valid.isEmpty()) {
            try {
                float[] outputs = model.predict(model.batch(samples));
                int perRow = outputs.length / valid.size();
                for (int k = 0; k < valid.size(); k++) {
                    outcomes[valid.get(k)] = RowOutcome.scored(
                            Arrays.copyOfRange(outputs, k * perRow, (k + 1) * perRow));
                }
            } catch (IllegalArgumentException refused) {
                for (int k = 0; k < valid.size(); k++) {
                    outcomes[valid.get(k)] = scoreAlone(samples.get(k), model);
                }
            }
        }
        return Arrays.asList(outcomes);
    }

    private static RowOutcome scoreAlone(NdArray sample, ScoringModel model) {
        try {
            return RowOutcome.scored(model.predict(model.batch(List.of(sample))));
        } catch (IllegalArgumentException e) {
            return RowOutcome.failed("The model refuses the row's value: " + e.getMessage());
        }
    }
}
