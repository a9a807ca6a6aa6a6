package dev.seqconv.api.training;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Training steps run elsewhere in segments of several steps — by workers that exchange their gradients among
 * themselves, for instance — for {@link dev.seqconv.api.model.Sequential#fit(GradientSegments, FitConfig)}: at a
 * segment's start the model hands over its {@link TrainingState}; the segment runs steps
 * {@code first .. first+count−1} of an epoch, or several whole epochs one after the other, each step the update
 * {@code fit} would apply, and gives back, for each epoch it ran in, the state after that epoch's last step of the
 * segment and each step's figures, which the model takes on and reports to the callbacks epoch by epoch.
 */
public interface GradientSegments {

    /** The global batches of an epoch. */
    int stepsPerEpoch();

    /** The steps of a segment within an epoch, at least 1; an epoch's last segment may be shorter. */
    int segmentSteps();

    /**
     * The epochs a segment spans, at least 1; more than 1 only where a segment is a whole epoch
     * ({@link #segmentSteps()} at least {@link #stepsPerEpoch()}). A fit's last segment may span fewer.
     */
    int segmentEpochs();

    /**
     * Runs steps {@code first .. first+count−1} of epoch {@code epoch} from {@code start}; with {@code epochs > 1},
     * the whole epochs {@code epoch .. epoch+epochs−1} ({@code first} 0, {@code count} {@link #stepsPerEpoch()}),
     * each epoch's steps in its own order, following the previous epoch's as {@code fit} would take them.
     *
     * @return one part per epoch, in order: the state after the epoch's last step in the segment, and the figures
     *         of each of those steps in order
     */
    List<Segment> run(int epoch, int epochs, int first, int count, TrainingState start);

    /**
     * What a segment did in one of its epochs.
     *
     * @param end   the state after its last step in that epoch
     * @param steps each of those steps' figures, in order
     */
    record Segment(TrainingState end, List<StepFigures> steps) implements Serializable {

        public Segment {
            Objects.requireNonNull(end, "end");
            steps = List.copyOf(steps);
        }
    }
}
