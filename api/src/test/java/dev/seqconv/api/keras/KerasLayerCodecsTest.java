package dev.seqconv.api.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import dev.seqconv.api.io.LayerLayout;
import dev.seqconv.api.layers.ActivationLayer;
import dev.seqconv.api.layers.AveragePooling1D;
import dev.seqconv.api.layers.BatchNormalization;
import dev.seqconv.api.layers.Bidirectional;
import dev.seqconv.api.layers.Conv1D;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Dropout;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.Flatten;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.GlobalAveragePooling1D;
import dev.seqconv.api.layers.GlobalMaxPooling1D;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.layers.Layer;
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.MergeMode;
import dev.seqconv.api.layers.Padding;
import dev.seqconv.api.layers.RecurrentLayer;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.layers.SimpleRNN;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.ops.Activation;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KerasLayerCodecs} is the one place a Keras-capable layer registers: every layer type of package
 * {@code layers} has a codec there, and every codec's config goes to its layer and back unchanged.
 */
class KerasLayerCodecsTest {

    private static final Path LAYERS = Path.of("src/main/java/dev/seqconv/api/layers");

    /** Layer types of package {@code layers} that Keras has no equal of; none so far. */
    private static final Set<Class<?>> WITHOUT_KERAS_EQUAL = Set.of();

    private static final KerasLayerCodec.ReadContext KERAS_3 = new KerasLayerCodec.ReadContext(3);

    /** One layer of each registered type, its settings away from Keras's defaults where it has any. */
    static List<Layer> samples() {
        RecurrentOptions gated = RecurrentOptions.builder(5).activation(Activation.RELU)
                .recurrentActivation(Activation.TANH).useBias(false).dropout(0.25).recurrentDropout(0.5)
                .returnSequences(true).build();
        return List.of(
                Dense.of(7, Activation.SOFTMAX).withUseBias(false),
                Conv1D.of(8, 3, Activation.RELU).withStrides(2).withPadding(Padding.CAUSAL)
                        .withUseBias(false),
                Embedding.of(100, 16),
                Dropout.of(0.3),
                Flatten.of(),
                MaxPooling1D.of(3).withStrides(1).withPadding(Padding.SAME),
                AveragePooling1D.of(2).withStrides(3),
                GlobalMaxPooling1D.of(),
                GlobalAveragePooling1D.of(),
                SimpleRNN.of(RecurrentOptions.builder(4).activation(Activation.SIGMOID).returnSequences(true)
                        .goBackwards(true).build()),
                LSTM.of(gated).withUnitForgetBias(false),
                GRU.of(gated).withResetAfter(true),
                BatchNormalization.of().withAxis(1).withMomentum(0.9).withEpsilon(0.01).withCenter(false),
                Bidirectional.of(GRU.of(gated).withResetAfter(true)).withMergeMode(MergeMode.AVE)
                        .withBackwardLayer(GRU.of(RecurrentOptions.builder(5).returnSequences(true).goBackwards(true)
                                .build())),
                ActivationLayer.of(Activation.TANH));
    }

    @Test
    void everyLayerTypeWithAKerasEqualIsRegistered() throws IOException {
        Set<Class<?>> registered = KerasLayerCodecs.all().stream().map(KerasLayerCodec::layerType)
                .collect(Collectors.toSet());
        assertThat(layerTypes()).isNotEmpty().allSatisfy(type -> assertThat(
                registered.contains(type) || WITHOUT_KERAS_EQUAL.contains(type))
                .as(type.getSimpleName() + " has a codec in KerasLayerCodecs").isTrue());
    }

    @Test
    void eachClassNameAndLayerTypeIsRegisteredOnce() {
        List<KerasLayerCodec<?>> codecs = KerasLayerCodecs.all();
        assertThat(codecs.stream().map(KerasLayerCodec::className)).doesNotHaveDuplicates();
        assertThat(codecs.stream().map(KerasLayerCodec::layerType)).doesNotHaveDuplicates();
        assertThat(samples().stream().map(Object::getClass))
                .as("a sample layer for each codec").containsExactlyInAnyOrderElementsOf(
                        codecs.stream().map(KerasLayerCodec::layerType).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void configGoesToTheLayerAndBack(Layer layer) {
        JsonObject written = KerasLayerCodecs.write(layer, inexact -> {
            throw new AssertionError("exact in Keras 3: " + inexact);
        });
        written.addProperty("name", "sample");
        String className = KerasLayerCodecs.className(layer);
        KerasLayer keras = new KerasLayer(className, "sample", KerasConfig.parse(written.toString()), List.of());

        Layer read = KerasLayerCodecs.read(keras, KERAS_3);

        assertThat(read).isEqualTo(layer.withName("sample"));
        JsonObject again = KerasLayerCodecs.write(read, inexact -> { });
        again.addProperty("name", "sample");
        assertThat(again).isEqualTo(written);
        assertThat(className).isEqualTo(layer.typeName());
    }

    @Test
    void aKeras2BidirectionalReadsItsBackwardLayerAsTheForwardOneGoingBackwards() {
        KerasConfig config = KerasConfig.parse("""
                {"name": "bidirectional_1", "merge_mode": "concat", "batch_input_shape": [null, 128, 300],
                 "layer": {"class_name": "LSTM", "config": {"name": "lstm_1", "units": 4, "activation": "tanh",
                   "recurrent_activation": "hard_sigmoid", "return_sequences": true, "go_backwards": false}}}
                """);
        Layer read = KerasLayerCodecs.read(new KerasLayer("Bidirectional", "bidirectional_1", config, List.of()),
                new KerasLayerCodec.ReadContext(2));
        LSTM forward = LSTM.of(RecurrentOptions.builder(4).activation(Activation.TANH)
                .recurrentActivation(Activation.HARD_SIGMOID_KERAS2).returnSequences(true).build());
        assertThat(read).isEqualTo(Bidirectional.of(forward).withName("bidirectional_1"));
    }

    @Test
    void aBidirectionalSeqconvCannotRunIsRefusedSayingWhy() {
        String lstm = "{\"class_name\": \"LSTM\", \"config\": {\"units\": 2, \"activation\": \"tanh\", "
                + "\"recurrent_activation\": \"sigmoid\"}}";
        KerasLayer noMerge = new KerasLayer("Bidirectional", "bi", KerasConfig.parse(
                "{\"layer\": " + lstm + ", \"merge_mode\": null}"), List.of());
        assertThatThrownBy(() -> KerasLayerCodecs.read(noMerge, KERAS_3)).hasMessageContaining("merge_mode=None")
                .hasMessageContaining("MergeMode.CONCAT");
        KerasLayer dense = new KerasLayer("Bidirectional", "bi", KerasConfig.parse(
                "{\"layer\": {\"class_name\": \"Dense\", \"config\": {\"units\": 2}}}"), List.of());
        assertThatThrownBy(() -> KerasLayerCodecs.read(dense, KERAS_3))
                .hasMessage("layer is a Dense; seqconv's Bidirectional wraps SimpleRNN, LSTM or GRU");
        String statefulLstm = lstm.replace("\"units\": 2", "\"units\": 2, \"stateful\": true");
        KerasLayer stateful = new KerasLayer("Bidirectional", "bi", KerasConfig.parse(
                "{\"layer\": " + statefulLstm + "}"), List.of());
        assertThatThrownBy(() -> KerasLayerCodecs.read(stateful, KERAS_3))
                .hasMessage("stateful=true is not modelled by seqconv; only stateful=false is supported");
    }

    @Test
    void legacyWeightNamesKeepTheDirectionOfABidirectionalsHalves() {
        assertThat(Stream.of("bidirectional_1/forward_lstm_1/kernel:0",
                        "bidirectional/backward_gru/gru_cell_2/recurrent_kernel:0",
                        "bidirectional/forward_simple_rnn_1/simple_rnn_cell/bias")
                .map(path -> KerasLayerCodecs.legacyWeightName("Bidirectional", path)))
                .containsExactly("forward_layer/kernel", "backward_layer/recurrent_kernel", "forward_layer/bias");
        assertThat(KerasLayerCodecs.legacyWeightName("LSTM", "lstm_1/lstm_cell_1/kernel:0")).isEqualTo("kernel");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void keras3GroupsHoldEveryWeightTheBuildDeclares(Layer layer) {
        Shape input = layer instanceof Embedding ? Shape.of(Shape.UNKNOWN, 10) : Shape.of(Shape.UNKNOWN, 10, 6);
        var weights = layer.build(input).weights();
        LayerLayout layout = KerasLayerCodecs.weightsLayout("sample", layer, weights);
        assertThat(layout.groups().stream().mapToInt(LayerLayout.VarsGroup::count).sum()).isEqualTo(weights.size());
        assertThat(layout.groups()).extracting(LayerLayout.VarsGroup::path)
                .containsExactlyElementsOf(layer instanceof RecurrentLayer ? List.of("vars", "cell/vars")
                        : layer instanceof Bidirectional ? List.of("vars", "forward_layer/cell/vars",
                        "backward_layer/cell/vars") : List.of("vars"));
    }

    @Test
    void aClassWithoutCodecIsRefusedWithTheRegisteredList() {
        KerasLayer layer = new KerasLayer("LayerNormalization", "norm", KerasConfig.parse("{}"), List.of());
        assertThatThrownBy(() -> KerasLayerCodecs.read(layer, KERAS_3))
                .hasMessage("seqconv has no layer LayerNormalization; it runs [Activation, AveragePooling1D, "
                        + "BatchNormalization, Bidirectional, Conv1D, Dense, Dropout, Embedding, Flatten, GRU, "
                        + "GlobalAveragePooling1D, GlobalMaxPooling1D, LSTM, MaxPooling1D, SimpleRNN] in a single "
                        + "chain");
    }

    private static List<Class<?>> layerTypes() throws IOException {
        try (Stream<Path> files = Files.list(LAYERS)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .<Class<?>>map(n -> load("dev.seqconv.api.layers." + n.substring(0, n.length() - ".java".length())))
                    .filter(c -> Layer.class.isAssignableFrom(c) && !c.isInterface()
                            && Modifier.isPublic(c.getModifiers()) && !Modifier.isAbstract(c.getModifiers()))
                    .toList();
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }
}
