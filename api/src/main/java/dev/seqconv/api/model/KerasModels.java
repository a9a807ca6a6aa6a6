package dev.seqconv.api.model;

import dev.seqconv.api.checks.Checks;
import dev.seqconv.api.keras.KerasExport;
import dev.seqconv.api.keras.KerasFileException;
import dev.seqconv.api.keras.KerasFiles;
import dev.seqconv.api.keras.KerasImport;
import dev.seqconv.api.keras.KerasLayer;
import dev.seqconv.api.keras.KerasModel;
import dev.seqconv.api.keras.KerasWeight;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.ndarray.DataType;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.LayerNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Keras models as seqconv models: a Keras file loaded as a {@link Sequential} that predicts what Keras predicts on
 * either backend and fine-tunes with {@code fit}, and a {@link Sequential} saved as a Keras 3 {@code .keras}
 * archive that Keras 3 loads.
 *
 * <pre>{@code
 * try (Sequential model = KerasModels.load(Path.of("cnn_lstm_model.keras"))) {
 *     model.compile(Backends.get("tensorflow"), new RMSprop(1e-4f), new MeanSquaredError());
 *     NdArray before = model.predict(x);                  // Keras's outputs, within float32 rounding
 *     model.fit(x, y, FitConfig.builder().epochs(1).build());
 *     KerasModels.save(model, Path.of("tuned.keras"));    // back to Keras 3: keras.saving.load_model(...)
 * }
 * }</pre>
 *
 * <h2>Loading</h2>
 * Files are read by {@link KerasFiles} (Keras 3 {@code .keras}, Keras 3 {@code .weights.h5} with its
 * {@code to_json()} text, legacy {@code .h5} of Keras 2.0 to 3), then mapped layer by layer by
 * {@link KerasImport}, each layer by its class's codec (the list is {@code keras.KerasLayerCodecs}):
 * <ul>
 *   <li>{@code Dense} (units, activation, use_bias), {@code Conv1D} (filters, kernel_size, strides, padding,
 *       dilation_rate, activation, use_bias), {@code Embedding} (input_dim, output_dim), {@code Dropout} (rate),
 *       {@code Flatten}, {@code MaxPooling1D} and {@code AveragePooling1D} (pool_size, strides, padding; strides
 *       None means pool_size), {@code GlobalMaxPooling1D}, {@code GlobalAveragePooling1D}, {@code SimpleRNN},
 *       {@code LSTM} and {@code GRU} (units, activation, recurrent_activation, use_bias, dropout,
 *       recurrent_dropout, return_sequences; LSTM's unit_forget_bias; GRU's reset_after, where an absent key
 *       means False as in Keras 2.0), {@code BatchNormalization} (axis, an integer or a one-element list;
 *       momentum, epsilon, center, scale), {@code Bidirectional} around SimpleRNN, LSTM or GRU (layer,
 *       merge_mode concat, sum, mul or ave; Keras 3's backward_layer, else the layer with go_backwards
 *       inverted) and {@code Activation}. Each layer keeps its Keras name.</li>
 *   <li>Activations by name as the Keras version that wrote the file defines them (the major version of the
 *       file's {@code keras_version}; Keras 2 for a legacy file that records none, Keras 3 otherwise): linear,
 *       relu, sigmoid, tanh, softmax. {@code hard_sigmoid} is refused: Keras 2 and 3 define it differently and
 *       seqconv has neither yet.</li>
 *   <li>Ignored, as they do not change the outputs: names, {@code trainable}, initializers, {@code unroll},
 *       {@code implementation}, {@code seed}, {@code zero_output_for_mask}, {@code input_length}. Regularizers
 *       and constraints are ignored too: seqconv has none, so fine-tuning does not apply them.</li>
 *   <li>The InputLayer becomes the {@link Input}; the input shape comes from wherever the file declares it.
 *       A model whose first layer is an Embedding takes int32 ids even where the file declares float32. Where
 *       the number of time steps is unspecified ({@code None}), seqconv, which builds for a fixed number, needs
 *       it: {@link #load(Path, int)}, or {@link #load(Path, Path, int)} for a {@code .weights.h5} file.</li>
 *   <li>Weights are taken in Keras's order per layer (kernel, recurrent_kernel, bias; a GRU bias is
 *       {@code (2, 3·units)} with reset_after, {@code (3·units)} without), which is seqconv's order too, with
 *       gates i, f, c, o (LSTM) and z, r, h (GRU).</li>
 *   <li>The model is built with seed 0, which fixes the dropout masks and shuffles of fine-tuning.</li>
 * </ul>
 * Refused, with a {@link KerasFileException} naming the file, the layer (by name, class and place in Keras's
 * {@code model.summary()}) and what is supported instead, and never a partial model: any other layer class
 * (LayerNormalization, Conv2D, Lambda, custom layers...; named before anything the weights hold), a config key
 * seqconv does not know, {@code mask_zero}, {@code stateful}, {@code return_state} or {@code time_major} set, a Bidirectional merge_mode None, a {@code data_format}
 * other than channels_last, grouped convolutions, a Dropout {@code noise_shape}, a dtype policy other than
 * float32, unsupported activations, and
 * (by {@link KerasFiles}) branched graphs and weights that do not fit the configuration.
 *
 * <h2>Saving</h2>
 * {@link #save} writes what Keras 3's {@code model.save} writes for the same network: a Sequential whose
 * InputLayer declares the input (int32 for token ids), each layer's config in Keras 3's schema with every
 * setting above written explicitly (a GRU's reset_after included), and the weights under Keras 3's group names
 * ({@code layers/<class>[_n]}, recurrent weights under {@code cell/vars}, a Bidirectional's under
 * {@code forward_layer/cell/vars} and {@code backward_layer/cell/vars}). A model Keras 3 cannot express exactly
 * (an activation Keras 3 computes differently, as Keras 2's {@code hard_sigmoid}) is refused unless saved with
 * {@link SaveOption#WRITE_INEXACT}; {@link #inexactSettings} lists what Keras 3 would compute differently.
 */
public final class KerasModels {

    /** Options of {@link #save}. */
    public enum SaveOption {
        /**
         * Write the model even where Keras 3 would compute something else with the file (an activation Keras 3
         * defines differently is written under its Keras name), rather than refuse it.
         */
        WRITE_INEXACT
    }

    private KerasModels() {
    }

    /**
     * Loads a whole-model Keras file ({@code .keras} or legacy {@code .h5}) whose input shape is fully declared.
     *
     * @throws KerasFileException if the file cannot be read or seqconv cannot run the model exactly
     */
    public static Sequential load(Path file) {
        return sequential(new KerasImport(file, read(file)), file, OptionalInt.empty());
    }

    /**
     * Loads a whole-model Keras file built for {@code timeSteps} time steps where the file leaves their number
     * unspecified (a declared number is kept).
     *
     * @throws KerasFileException if the file cannot be read or seqconv cannot run the model exactly
     */
    public static Sequential load(Path file, int timeSteps) {
        Checks.positive("timeSteps", timeSteps);
        return sequential(new KerasImport(file, read(file)), file, OptionalInt.of(timeSteps));
    }

    /**
     * Loads a Keras 3 {@code .weights.h5} file with its model's {@code to_json()} text.
     *
     * @throws KerasFileException if the files cannot be read or seqconv cannot run the model exactly
     */
    public static Sequential load(Path weightsH5, Path toJson) {
        return sequential(new KerasImport(weightsH5, read(weightsH5, toJson)), weightsH5, OptionalInt.empty());
    }

    /**
     * Loads a Keras 3 {@code .weights.h5} file with its model's {@code to_json()} text, built for {@code timeSteps}
     * time steps where the configuration leaves their number unspecified (a declared number is kept).
     *
     * @throws KerasFileException if the files cannot be read or seqconv cannot run the model exactly
     */
    public static Sequential load(Path weightsH5, Path toJson, int timeSteps) {
        Checks.positive("timeSteps", timeSteps);
        return sequential(new KerasImport(weightsH5, read(weightsH5, toJson)), weightsH5, OptionalInt.of(timeSteps));
    }

    /**
     * The model built in seqconv with the file's weights.
     *
     * @param timeSteps the number of time steps to build for where the file leaves it unspecified
     */
    private static Sequential sequential(KerasImport keras, Path file, OptionalInt timeSteps) {
        List<Layer> layers = keras.layers();
        Layer first = layers.get(0);
        Input input = new Input(keras.inputShape(first, timeSteps),
                first.inputType() == DataType.INT32 ? DataType.INT32 : DataType.FLOAT32);
        Sequential sequential;
        try {
            Sequential.Builder builder = Sequential.builder().name(keras.name()).input(input).seed(0);
            layers.forEach(builder::add);
            sequential = builder.build();
        } catch (IllegalArgumentException e) {
            throw new KerasFileException(file, "seqconv cannot build the model: " + e.getMessage(), e);
        }
        try {
            sequential.setWeights(keras.weights(sequential.layers().stream().map(LayerNode::build).toList()));
        } catch (KerasFileException e) {
            sequential.close();
            throw e;
        } catch (IllegalArgumentException e) {
            sequential.close();
            throw new KerasFileException(file, "its weights do not fit the model: " + e.getMessage(), e);
        }
        return sequential;
    }

    /** The layers of {@code model} as {@link KerasExport} describes them. */
    private static KerasExport.Model exported(Sequential model) {
        return new KerasExport.Model(model.name(), model.input().shape(), model.input().dataType(),
                model.layers().stream().map(n -> new KerasExport.Node(n.name(), n.layer(), n.build())).toList());
    }

    /** The file read, its configuration checked for what seqconv can run before its weights are read. */
    private static KerasModel read(Path file) {
        return KerasFiles.read(file, configuration -> KerasImport.checkConfiguration(file, configuration));
    }

    /** The weights read onto their configuration once that is checked, as {@link #read(Path)}. */
    private static KerasModel read(Path weightsH5, Path toJson) {
        return KerasFiles.read(weightsH5, toJson,
                configuration -> KerasImport.checkConfiguration(weightsH5, configuration));
    }

    /**
     * Loads a Keras 3 {@code .weights.h5} file ({@code model.save_weights}) into {@code model}, a model built in
     * Java for the same network, as Keras's {@code load_weights} does: by layer class and per-class position, not
     * by name; the number and shapes of every layer's weights are checked first, and nothing is loaded on a
     * mismatch.
     *
     * @throws KerasFileException naming the file, the layer and the problem
     */
    public static void loadWeights(Sequential model, Path weightsH5) {
        KerasModel description = KerasExport.describe(exported(model), model.getWeights(), weightsH5, true);
        List<NdArray> weights = new ArrayList<>();
        for (KerasLayer layer : KerasFiles.readWeights(weightsH5, description).layers()) {
            layer.weights().stream().map(KerasWeight::value).forEach(weights::add);
        }
        model.setWeights(weights);
    }

    /**
     * The model's configuration as Keras 3's {@code model.to_json()} writes it: with a file written by
     * {@link Sequential#saveWeights}, what {@link #load(Path, Path)} and Keras 3
     * ({@code model_from_json(text).load_weights(file)}) read.
     *
     * @throws KerasFileException as {@link #save}, for a model Keras 3 cannot express exactly
     */
    public static String toJson(Sequential model, SaveOption... options) {
        boolean inexact = Arrays.asList(options).contains(SaveOption.WRITE_INEXACT);
        return KerasFiles.toJson(KerasExport.describe(exported(model), model.getWeights(), Path.of(model.name() + ".json"),
                inexact));
    }

    /**
     * The settings of {@code model} that Keras 3 computes differently under the names {@link #save} writes with
     * {@link SaveOption#WRITE_INEXACT}, each as {@code layer 'gru' (GRU, the 1st layer in model.summary()): recurrent_activation 'hard_sigmoid' is
     * HARD_SIGMOID_KERAS2 here, but Keras 3 computes 'hard_sigmoid' as HARD_SIGMOID}; empty if Keras 3 computes
     * the saved model exactly.
     */
    public static List<String> inexactSettings(Sequential model) {
        return KerasExport.inexactSettings(exported(model));
    }

    /**
     * Saves {@code model} with its current weights as a Keras 3 {@code .keras} archive.
     *
     * @throws KerasFileException if the name does not end in {@code .keras}, a weight is not finite, or Keras 3
     *                            cannot express the model exactly and {@link SaveOption#WRITE_INEXACT} is not given;
     *                            nothing is written
     */
    public static void save(Sequential model, Path file, SaveOption... options) {
        boolean inexact = Arrays.asList(options).contains(SaveOption.WRITE_INEXACT);
        KerasFiles.write(file, KerasExport.describe(exported(model), model.getWeights(), file, inexact));
    }
}
