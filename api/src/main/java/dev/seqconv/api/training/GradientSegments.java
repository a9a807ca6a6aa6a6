package dev.seqconv.api.training;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Training steps run elsewhere in segments of several steps — by workers that exchange their gradients among
 * themselves, for instance — for {@link dev.seqconv.api.model.Sequential#fit(GradientSegments, FitConfig)}: at a
 * segment's start the model hands over its {@link TrainingState}; the segment runs steps
 * {@code first .. first+count−1} of an epoch, each the update {@code fit} would apply, and gives back the state
 * after its last step and each step's figures, which the model takes on and reports to the callbacks.
 */
public interface GradientSegments {

    /** The global batches of an epoch. */
    int stepsPerEpoch();

    /** The steps of a segment, at least 1; an epoch's last segment may be shorter. */
    int segmentSteps();

    /**
     * Runs steps {@code first .. first+count−1} of epoch {@code epoch} from {@code start}.
     *
     * @return the state after the last step, and the figures of each step in order
     */
    Segment run(int epoch, int first, int count, TrainingState start);

    /**
     * What a segment did.
     *
     * @param end   the state after its last step
     * @param steps each step's figures, in order
     */
    record Segment(TrainingState end, List<StepFigures> steps) implements Serializable {

        public Segment {
            Objects.requireNonNull(end, "end");
            steps = List.copyOf(steps);
        }
    }
}
