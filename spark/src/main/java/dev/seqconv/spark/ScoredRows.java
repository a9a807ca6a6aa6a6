package dev.seqconv.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A partition's rows with their predictions appended, scored lazily a batch at a time as Spark pulls them, so a
 * partition is never held in memory whole.
 */
final class ScoredRows implements Iterator<Row> {

    private final Iterator<Row> input;
    private final ScoringModel model;
    private final ScoringPlan plan;
    private Iterator<Row> scored = List.<Row>of().iterator();
    /** The position in the partition of the next row read from {@code input}. */
    private long position;

    ScoredRows(Iterator<Row> input, ScoringModel model, ScoringPlan plan) {
        this.input = input;
        this.model = model;
        this.plan = plan;
    }

    @Override
    public boolean hasNext() {
        return scored.hasNext() || input.hasNext();
    }

    @Override
    public Row next() {
        if (!scored.hasNext()) {
            if (!input.hasNext()) {
                throw new NoSuchElementException("No rows left in this partition");
            }
            scored = scoreNextBatch().iterator();
        }
        return scored.next();
    }

    private List<Row> scoreNextBatch() {
        List<Row> rows = new ArrayList<>(plan.batchSize());
        while (rows.size() < plan.batchSize() && input.hasNext()) {
            rows.add(input.next());
        }
        List<RowOutcome> outcomes = RowBatch.score(rows, plan.features(), model);
        List<Row> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(withPrediction(rows.get(i), outcomes.get(i), position + i));
        }
        position += rows.size();
        return out;
    }

    private Row withPrediction(Row row, RowOutcome outcome, long rowPosition) {
        if (!outcome.isScored() && !plan.keepsBadRows()) {
            throw new IllegalArgumentException("Cannot score row " + rowPosition + " (counting from 0) of partition "
                    + TaskContext.getPartitionId() + ": " + outcome.problem() + ". Fix or filter out such rows, or "
                    + "score with SparkScoring.Builder.nullOnBadRows(reasonColumn) to give them a null prediction "
                    + "and the reason");
        }
        int width = row.length();
        Object[] values = new Object[width + (plan.keepsBadRows() ? 2 : 1)];
        for (int i = 0; i < width; i++) {
            values[i] = row.get(i);
        }
        values[width] = outcome.isScored() ? plan.prediction(outcome.outputs()) : null;
        if (plan.keepsBadRows()) {
            values[width + 1] = outcome.problem();
        }
        return RowFactory.create(values);
    }
}
