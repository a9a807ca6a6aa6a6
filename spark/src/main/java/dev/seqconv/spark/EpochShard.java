package dev.seqconv.spark;

import dev.seqconv.api.data.Batch;
import dev.seqconv.api.network.Input;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import scala.Tuple2;

/**
 * The samples of one shard for a whole epoch, held by the Spark partition of that shard: in the epoch's order,
 * so that each step's slice is contiguous (see {@link ShardPlan}).
 */
final class EpochShard implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[] positions;
    private final Sample[] samples;

    /** The shard of {@code positioned} samples (epoch position, sample), in any order. */
    EpochShard(List<Tuple2<Long, Sample>> positioned) {
        List<Tuple2<Long, Sample>> sorted = new ArrayList<>(positioned);
        sorted.sort(Comparator.comparingLong(Tuple2::_1));
        positions = new long[sorted.size()];
        samples = new Sample[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            positions[i] = sorted.get(i)._1();
            samples[i] = sorted.get(i)._2();
        }
    }

    /** The samples at epoch positions {@code [from, to)}, as a batch for a model with input {@code input}. */
    Batch slice(long from, long to, Input input) {
        int first = index(from);
        int end = index(to);
        if (end - first != to - from) {
            throw new IllegalStateException("Shard holds " + (end - first) + " of the samples at positions " + from
                    + ".." + to + ", expected all " + (to - from) + ": the epoch's layout is inconsistent");
        }
        return Sample.batch(Arrays.asList(samples).subList(first, end), input);
    }

    private int index(long position) {
        int i = Arrays.binarySearch(positions, position);
        return i >= 0 ? i : -i - 1;
    }
}
