package dev.seqconv.benchmarks;

import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.MeanAbsoluteError;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.optimizers.RMSprop;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.models.ImdbNetworks;
import dev.seqconv.models.JenaNetworks;

/** A network the benchmarks time, with random data of its input shape and the work of one step at batch 128. */
enum BenchmarkNetwork {
    /** The IMDB Conv1D network, RMSprop(1e-4), binary cross-entropy; 11.4 GFLOP a step (engine notes). */
    IMDB("IMDB Conv1D network", 11.4) {
        @Override
        Sequential build() {
            return ImdbNetworks.conv1d(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, 1);
        }

        @Override
        void compile(Sequential model, Backend backend) {
            model.compile(backend, new RMSprop(1e-4f), new BinaryCrossentropy(), new BinaryAccuracy());
        }

        @Override
        NdArray[] data(int batch, SeededRandom random) {
            int[] ids = new int[batch * ImdbNetworks.MAX_LEN];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 3 + random.nextInt(ImdbNetworks.MAX_FEATURES - 3);
            }
            return new NdArray[] {NdArray.ofInts(Shape.of(batch, ImdbNetworks.MAX_LEN), ids), labels(batch, random)};
        }
    },
    /** The Jena Conv1D network (listing 6.47), input (240, 14), RMSprop, MAE; 0.64 GFLOP a step. */
    JENA_CONV1D("Jena Conv1D network", 0.64) {
        @Override
        Sequential build() {
            return JenaNetworks.conv1d(240, 1);
        }
    },
    /** The Jena Conv1D + GRU network (dropout 0.1 / 0.5), input (240, 14), RMSprop, MAE; 0.91 GFLOP a step. */
    JENA_CONV_GRU("Jena Conv1D+GRU network", 0.91) {
        @Override
        Sequential build() {
            return JenaNetworks.conv1dGru(240, true, 1);
        }
    };

    final String title;
    final double gflopAt128;

    BenchmarkNetwork(String title, double gflopAt128) {
        this.title = title;
        this.gflopAt128 = gflopAt128;
    }

    abstract Sequential build();

    /** Compiles as the chapter does; by default the Jena regression: RMSprop, mean absolute error. */
    void compile(Sequential model, Backend backend) {
        model.compile(backend, new RMSprop(), new MeanAbsoluteError());
    }

    /** Inputs and targets of one random batch; by default Jena windows of 240 steps. */
    NdArray[] data(int batch, SeededRandom random) {
        return jenaBatch(batch, random);
    }

    /** The network named as on the command line: {@code imdb}, {@code jena-conv1d}, {@code jena-conv-gru}. */
    static BenchmarkNetwork named(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    /** The name on the command line. */
    String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static NdArray labels(int batch, SeededRandom random) {
        float[] labels = new float[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = random.nextInt(2);
        }
        return NdArray.ofFloats(Shape.of(batch, 1), labels);
    }

    private static NdArray[] jenaBatch(int batch, SeededRandom random) {
        float[] x = new float[batch * 240 * JenaNetworks.FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return new NdArray[] {NdArray.ofFloats(Shape.of(batch, 240, JenaNetworks.FEATURES), x), labels(batch, random)};
    }
}
