package dev.seqconv.api.layers;

import dev.seqconv.api.initializers.Initializer;
import dev.seqconv.api.initializers.RandomUniform;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Ops;
import dev.seqconv.api.ops.Tensor;
import java.util.List;

/**
 * Turns token ids into dense vectors, as Keras's {@code Embedding}:
 * <pre>y[b, t, :] = embeddings[ids[b, t], :]</pre>
 * Input {@code (batch, time)} int32 ids in {@code [0, inputDim)}; output {@code (batch, time, outputDim)}.
 * Weight {@code embeddings (inputDim, outputDim)}, initialized uniform in {@code [-0.05, 0.05)}.
 *
 * @param name        the layer's name, or {@code null} for an automatic one
 * @param inputDim    the vocabulary size: ids must be below it
 * @param outputDim   the size of each vector
 * @param initializer how the embeddings start
 */
public record Embedding(String name, int inputDim, int outputDim, Initializer initializer) implements Layer {

    public Embedding {
        LayerChecks.positive("Embedding", "inputDim", inputDim);
        LayerChecks.positive("Embedding", "outputDim", outputDim);
        LayerChecks.present("Embedding", "initializer", initializer);
    }

    /** Keras's {@code Embedding(inputDim, outputDim)} with its defaults. */
    public static Embedding of(int inputDim, int outputDim) {
        return new Embedding(null, inputDim, outputDim, new RandomUniform());
    }

    @Override
    public Embedding withName(String name) {
        return new Embedding(name, inputDim, outputDim, initializer);
    }

    public Embedding withInitializer(Initializer initializer) {
        return new Embedding(name, inputDim, outputDim, initializer);
    }

    @Override
    public DataType inputType() {
        return DataType.INT32;
    }

    @Override
    public LayerBuild build(Shape inputShape) {
        if (inputShape.rank() != 2 || inputShape.dim(1) == Shape.UNKNOWN) {
            throw new IllegalArgumentException("Embedding takes token ids shaped (batch, time) with a known time, got "
                    + inputShape + "; pad the sequences to one length (padSequences) and declare it in the input");
        }
        return new LayerBuild(Shape.of(inputShape.dim(0), inputShape.dim(1), outputDim),
                List.of(new WeightSpec(WeightSpec.EMBEDDINGS, Shape.of(inputDim, outputDim), initializer)));
    }

    @Override
    public Tensor call(Ops ops, Tensor input, Weights weights, CallContext context) {
        return ops.gather(weights.get(WeightSpec.EMBEDDINGS), input);
    }
}
