package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.LayerStack;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.training.ShardGradients;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link ShardExchange}'s all-reduce between {@code N} tasks, threads of this JVM over loopback: every algorithm
 * gives {@link ShardGradients#combine}'s bits (zeros of both signs and runs of them included) with empty shards
 * among the others, and a task that fails mid-exchange fails all the others at once.
 */
class ShardExchangeTest {

    /** Six weights of 447 floats, so that the chunks of 8 tasks cut across weights. */
    private static final LayerStack STACK = new LayerStack(Input.floats(7),
            List.of(Dense.of(40, Activation.RELU), Dense.of(3, Activation.RELU), Dense.of(1)));
    private static final ModelWeights LAYOUT = STACK.initialWeights(0);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int STEPS = 3;

    @Test
    void everyAlgorithmGivesTheCombinedBitsInEveryTask() throws Exception {
        for (int tasks : new int[] {1, 2, 3, 4, 5, 8}) {
            List<List<ShardGradients>> steps = steps(tasks, new Random(tasks));
            // null: the automatic choice
            for (ShardExchange.Algorithm algorithm : Arrays.asList(ShardExchange.Algorithm.DIRECT,
                    ShardExchange.Algorithm.HALVING_DOUBLING, null)) {
                if (algorithm == ShardExchange.Algorithm.HALVING_DOUBLING && Integer.bitCount(tasks) != 1) {
                    continue;
                }
                List<List<ShardGradients>> reduced = run(tasks, algorithm, (self, exchange) -> {
                    List<ShardGradients> mine = new ArrayList<>();
                    for (List<ShardGradients> step : steps) {
                        mine.add(exchange.allReduce(step.get(self), LAYOUT));
                    }
                    return mine;
                });
                for (int step = 0; step < STEPS; step++) {
                    ShardGradients expected = ShardGradients.combine(steps.get(step));
                    for (int self = 0; self < tasks; self++) {
                        ShardGradients actual = reduced.get(self).get(step);
                        String what = (algorithm == null ? "automatic" : algorithm) + ", task " + self + " of "
                                + tasks + ", step " + step;
                        assertThat(actual.samples()).as(what).isEqualTo(expected.samples());
                        assertThat(actual.figures().asMap()).as(what).isEqualTo(expected.figures().asMap());
                        assertThat(bits(actual.gradients())).as(what).isEqualTo(bits(expected.gradients()));
                    }
                }
            }
        }
    }

    @Test
    void theAutomaticChoiceHalvesAndDoublesWhereItsSavedMessagesOutweighItsExtraFloats() {
        assertThat(ShardExchange.Algorithm.forExchange(32, 13_793)).as("Jena network, 32 tasks")
                .isEqualTo(ShardExchange.Algorithm.HALVING_DOUBLING);
        assertThat(ShardExchange.Algorithm.forExchange(32, 1_315_937)).as("IMDB network, 32 tasks")
                .isEqualTo(ShardExchange.Algorithm.DIRECT);
        assertThat(ShardExchange.Algorithm.forExchange(4, 2)).as("4 tasks: 4 rounds cost more than 6 messages")
                .isEqualTo(ShardExchange.Algorithm.DIRECT);
        assertThat(ShardExchange.Algorithm.forExchange(48, 2)).as("not a power of two")
                .isEqualTo(ShardExchange.Algorithm.DIRECT);
    }

    @Test
    void aTaskThatFailsMidExchangeFailsEveryOtherAtOnce() throws Exception {
        int tasks = 4;
        List<List<ShardGradients>> steps = steps(tasks, new Random(7));
        for (ShardExchange.Algorithm algorithm : ShardExchange.Algorithm.values()) {
            long start = System.nanoTime();
            List<List<ShardGradients>> outcomes = run(tasks, algorithm, (self, exchange) -> {
                try {
                    ShardGradients first = exchange.allReduce(steps.get(0).get(self), LAYOUT);
                    if (self == 2) {
                        throw new IllegalStateException("task 2 fails after its first step");
                    }
                    return List.of(first, exchange.allReduce(steps.get(1).get(self), LAYOUT));
                } catch (UncheckedIOException e) {
                    return List.of();
                }
            });
            assertThat(outcomes).as(algorithm.toString()).containsOnly(List.of());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(algorithm.toString())
                    .isLessThan(TIMEOUT.dividedBy(4));
        }
    }

    @FunctionalInterface
    private interface TaskBody {
        List<ShardGradients> run(int self, ShardExchange exchange);
    }

    /**
     * Runs {@code tasks} tasks, each in a thread with its exchange closed at the end as {@code SparkSegments} does;
     * what each returned, an empty list for a task that threw.
     */
    private static List<List<ShardGradients>> run(int tasks, ShardExchange.Algorithm algorithm, TaskBody body)
            throws Exception {
        String[] addresses = new String[tasks];
        CyclicBarrier met = new CyclicBarrier(tasks);
        ExecutorService threads = Executors.newFixedThreadPool(tasks);
        try {
            List<Future<List<ShardGradients>>> results = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int self = t;
                results.add(threads.submit(() -> {
                    try (ShardExchange exchange = ShardExchange.open(self, tasks, "127.0.0.1", TIMEOUT, address -> {
                        addresses[self] = address;
                        await(met);
                        return addresses.clone();
                    }, algorithm)) {
                        return body.run(self, exchange);
                    } catch (IllegalStateException e) {
                        return List.of();
                    }
                }));
            }
            List<List<ShardGradients>> outcomes = new ArrayList<>();
            for (Future<List<ShardGradients>> result : results) {
                try {
                    outcomes.add(result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("A task failed where it should not", e.getCause());
                }
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #STEPS} steps of {@code tasks} shards, about a third of them empty, at least one filled. */
    private static List<List<ShardGradients>> steps(int tasks, Random random) {
        List<List<ShardGradients>> steps = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            List<ShardGradients> shards = new ArrayList<>();
            for (int k = 0; k < tasks; k++) {
                boolean empty = k > 0 && random.nextInt(3) == 0;
                shards.add(empty ? ShardGradients.empty() : new ShardGradients(1 + random.nextInt(20),
                        new Logs(Map.of("loss", random.nextDouble(), "mae", random.nextDouble())), gradients(random)));
            }
            steps.add(shards);
        }
        return steps;
    }

    /**
     * Gradients of every magnitude and sign, with scattered zeros of both signs and runs of them, long and short
     * (an Embedding row no id of the shard touched is a run of {@code +0.0}).
     */
    private static ModelWeights gradients(Random random) {
        return LAYOUT.map((layer, weight, array) -> {
            float[] values = new float[Math.toIntExact(array.shape().size())];
            for (int i = 0; i < values.length; i++) {
                int kind = random.nextInt(8);
                values[i] = kind == 0 ? 0f : kind == 1 ? -0f
                        : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(12) - 6));
            }
            for (int run = 0; run < values.length / 40; run++) {
                int from = random.nextInt(values.length);
                int to = Math.min(values.length, from + 1 + random.nextInt(3 * ZeroRunFloats.MIN_RUN));
                Arrays.fill(values, from, to, random.nextInt(4) == 0 ? -0f : 0f);
            }
            return NdArray.wrapFloats(array.shape(), values);
        });
    }

    /** The gradients' bits, weights one after the other. */
    private static int[] bits(ModelWeights gradients) {
        return gradients.toList().stream().flatMapToInt(array -> {
            float[] values = array.toFloatArray();
            return IntStream.range(0, values.length).map(i -> Float.floatToRawIntBits(values[i]));
        }).toArray();
    }
}
