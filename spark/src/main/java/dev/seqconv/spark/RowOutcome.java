package dev.seqconv.spark;

/**
 * What scoring one row gave: its model outputs, or why it could not be scored.
 *
 * @param outputs the model's outputs for the row, or null when it could not be scored
 * @param problem why the row could not be scored, or null when it was
 */
record RowOutcome(float[] outputs, String problem) {

    static RowOutcome scored(float[] outputs) {
        return new RowOutcome(outputs, null);
    }

    static RowOutcome failed(String problem) {
        return new RowOutcome(null, problem);
    }

    boolean isScored() {
        return outputs != null;
    }
}
