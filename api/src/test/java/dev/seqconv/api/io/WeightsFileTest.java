package dev.seqconv.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.seqconv.api.layers.MaxPooling1D;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.layers.SimpleRNN;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.network.LayerNode;
import dev.seqconv.api.ops.Activation;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsFileTest {

    @TempDir
    Path dir;

    private static Sequential network(long seed, int filters) {
        return Sequential.builder().input(Input.ints(20)).add(Embedding.of(30, 4))
                .add(Conv1D.of(filters, 3, Activation.RELU)).add(MaxPooling1D.of(2)).add(GRU.of(3))
                .add(Dense.of(1)).seed(seed).build();
    }

    @Test
    void weightsRoundTripInKerasLayout() throws IOException {
        Path file = dir.resolve("model.weights.h5");
        try (Sequential saved = network(1, 5); Sequential loaded = network(2, 5)) {
            saved.saveWeights(file);
            loaded.loadWeights(file);
            List<NdArray> expected = saved.getWeights();
            List<NdArray> actual = loaded.getWeights();
            for (int i = 0; i < expected.size(); i++) {
                assertThat(actual.get(i).shape()).isEqualTo(expected.get(i).shape());
                assertThat(actual.get(i).toFloatArray()).containsExactly(expected.get(i).toFloatArray());
            }
        }
        try (HdfFile h5 = new HdfFile(file)) {
            assertThat(h5.getAttribute(WeightsFile.FORMAT_ATTRIBUTE)).isNull();
            assertThat(((io.jhdf.api.Group) h5.getByPath("layers")).getChildren())
                    .containsOnlyKeys("embedding", "conv1d", "gru", "dense");
            assertThat(h5.getByPath("layers/gru/cell/vars/1").getType().toString()).isEqualTo("DATASET");
            assertThat(((io.jhdf.api.Group) h5.getByPath("layers/gru/vars")).getChildren()).isEmpty();
            assertThat(h5.getByPath("layers/gru/vars").getAttribute("name").getData()).isEqualTo("gru");
            assertThat(h5.getByPath("layers/gru/cell/vars").getAttribute("name").getData()).isEqualTo("gru_cell");
            assertThat(h5.getByPath("layers/conv1d/vars/0").getType().toString()).isEqualTo("DATASET");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aBidirectionalKeepsEachHalfInItsOwnCellAndBatchNormalizationItsFourVariables() throws IOException {
        Path file = dir.resolve("bidirectional.weights.h5");
        List<dev.seqconv.api.layers.Layer> layers = List.of(
                Bidirectional.of(LSTM.of(RecurrentOptions.builder(3).returnSequences(true).build())),
                BatchNormalization.of(), Flatten.of(), Dense.of(1));
        try (Sequential saved = chain(layers, 1); Sequential loaded = chain(layers, 2)) {
            saved.saveWeights(file);
            loaded.loadWeights(file);
            List<NdArray> expected = saved.getWeights();
            for (int i = 0; i < expected.size(); i++) {
                assertThat(loaded.getWeights().get(i).toFloatArray()).containsExactly(expected.get(i).toFloatArray());
            }
        }
        try (HdfFile h5 = new HdfFile(file)) {
            for (String half : List.of("forward_layer", "backward_layer")) {
                assertThat(((io.jhdf.api.Group) h5.getByPath("layers/bidirectional/" + half + "/cell/vars"))
                        .getChildren()).containsOnlyKeys("0", "1", "2");
                assertThat(h5.getByPath("layers/bidirectional/" + half + "/cell/vars").getAttribute("name").getData())
                        .isEqualTo("lstm_cell");
            }
            assertThat(((io.jhdf.api.Group) h5.getByPath("layers/bidirectional/vars")).getChildren()).isEmpty();
            assertThat(((io.jhdf.api.Group) h5.getByPath("layers/batch_normalization/vars")).getChildren())
                    .containsOnlyKeys("0", "1", "2", "3");
        }
    }

    @Test
    void groupsAreNamedByClassAndCounterWhateverTheLayersAreNamed() throws IOException {
        Path file = dir.resolve("named.weights.h5");
        try (Sequential named = Sequential.builder().input(Input.floats(4)).add(Dense.of(3).withName("first"))
                .add(Dense.of(2).withName("second")).seed(1).build();
             Sequential other = Sequential.builder().input(Input.floats(4)).add(Dense.of(3)).add(Dense.of(2))
                     .seed(2).build()) {
            named.saveWeights(file);
            try (HdfFile h5 = new HdfFile(file)) {
                assertThat(((io.jhdf.api.Group) h5.getByPath("layers")).getChildren())
                        .containsOnlyKeys("dense", "dense_1");
                assertThat(h5.getByPath("layers/dense_1/vars").getAttribute("name").getData()).isEqualTo("second");
            }
            other.loadWeights(file);
            assertThat(other.getWeights().get(2).toFloatArray()).containsExactly(named.getWeights().get(2).toFloatArray());
        }
    }

    /**
     * jhdf 0.9.4 writes its creator string over whatever follows the last dataset's values, so a group of a layer
     * without weights that it happens to lay out after them was lost: these pairs were unreadable.
     */
    @Test
    void weightsBesideLayersWithoutWeightsLoadBack() {
        List<List<dev.seqconv.api.layers.Layer>> chains = List.of(
                List.of(Conv1D.of(3, 2, Activation.RELU), GlobalAveragePooling1D.of()),
                List.of(LSTM.of(3), Dropout.of(0.5)),
                List.of(SimpleRNN.of(3), Dropout.of(0.5)),
                List.of(Dropout.of(0.5), LSTM.of(3)),
                List.of(GlobalAveragePooling1D.of(), Dense.of(2)),
                List.of(Flatten.of(), Dense.of(2)));
        for (List<dev.seqconv.api.layers.Layer> chain : chains) {
            Path file = dir.resolve(chain.get(0).getClass().getSimpleName() + chain.size() + ".weights.h5");
            try (Sequential saved = chain(chain, 1); Sequential loaded = chain(chain, 2)) {
                saved.saveWeights(file);
                loaded.loadWeights(file);
                for (int i = 0; i < saved.getWeights().size(); i++) {
                    assertThat(loaded.getWeights().get(i).toFloatArray())
                            .as(chain + " weight " + i).containsExactly(saved.getWeights().get(i).toFloatArray());
                }
            }
        }
    }

    /** A checkpoint of a model without weights (pooling only) held an empty 'layers' group that jhdf overwrote. */
    @Test
    void aCheckpointOfAModelWithoutWeightsLoadsBack() {
        Path file = dir.resolve("pooling.ckpt.h5");
        try (Sequential model = chain(List.of(GlobalMaxPooling1D.of()), 1)) {
            assertThat(model.getWeights()).isEmpty();
            CheckpointFile.save(file, layout(model), new CheckpointFile.Checkpoint(4, List.of(),
                    List.of(NdArray.scalar(12)), "SGD"));
            CheckpointFile.Checkpoint loaded = CheckpointFile.load(file, layout(model), "SGD",
                    List.of(dev.seqconv.api.ndarray.Shape.scalar()));
            assertThat(loaded.epoch()).isEqualTo(4);
            assertThat(loaded.weights()).isEmpty();
            assertThat(loaded.optimizerState().get(0).item()).isEqualTo(12f);
            model.saveWeights(dir.resolve("pooling.weights.h5"));
            model.loadWeights(dir.resolve("pooling.weights.h5"));
        }
    }

    /** Any other layout jhdf cannot read back fails the save, so that it never replaces a good file. */
    @Test
    void aFileJhdfCannotReadBackFailsTheWrite() {
        Path file = dir.resolve("unreadable.h5");
        assertThatThrownBy(() -> WeightsFile.writeHdf5(file, h5 -> {
            h5.putGroup("a").putDataset("x", new float[] {1});
            h5.putGroup("b");
        })).isInstanceOf(IOException.class).hasMessageContaining("cannot read back")
                .hasMessageContaining("seqconv defect");
    }

    private static Sequential chain(List<dev.seqconv.api.layers.Layer> layers, long seed) {
        Sequential.Builder builder = Sequential.builder().input(Input.floats(6, 4));
        layers.forEach(builder::add);
        return builder.seed(seed).build();
    }

    @Test
    void filesInSeqconvsEarlierLayoutStillLoad() throws IOException {
        Path file = dir.resolve("old.weights.h5");
        try (Sequential saved = network(1, 5); Sequential loaded = network(2, 5)) {
            // the layout weights files had before saveWeights wrote Keras 3's, which checkpoints still use
            WeightsFile.write(file, layout(saved), saved.getWeights(), h5 -> {
            });
            try (HdfFile h5 = new HdfFile(file)) {
                assertThat(h5.getAttribute(WeightsFile.FORMAT_ATTRIBUTE).getData()).isEqualTo(WeightsFile.FORMAT);
                assertThat(((io.jhdf.api.Group) h5.getByPath("layers")).getChildren())
                        .containsOnlyKeys("embedding", "conv1d", "gru", "dense");
                assertThat(h5.getByPath("layers/gru/vars/1").getType().toString()).isEqualTo("DATASET");
            }
            loaded.loadWeights(file);
            List<NdArray> expected = saved.getWeights();
            for (int i = 0; i < expected.size(); i++) {
                assertThat(loaded.getWeights().get(i).toFloatArray()).containsExactly(expected.get(i).toFloatArray());
            }
        }
    }

    @Test
    void aLayoutOfANewerSeqconvIsRefusedByName() throws IOException {
        Path file = dir.resolve("future.weights.h5");
        try (Sequential model = network(1, 5)) {
            WeightsFile.write(file, layout(model), model.getWeights(), h5 -> {
            });
            try (var h5 = HdfFile.write(file)) {
                h5.putAttribute(WeightsFile.FORMAT_ATTRIBUTE, "keras-weights-h5/9");
                h5.putGroup("layers");
            }
            assertThatThrownBy(() -> model.loadWeights(file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'keras-weights-h5/9'").hasMessageContaining("newer seqconv");
        }
    }

    @Test
    void anotherModelsWeightsAreRefused() {
        Path file = dir.resolve("other.weights.h5");
        try (Sequential saved = network(1, 5); Sequential other = network(1, 6)) {
            saved.saveWeights(file);
            assertThatThrownBy(() -> other.loadWeights(file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("layer 'conv1d' weight 0 (kernel) has shape (3, 4, 5)")
                    .hasMessageContaining("saved from another model");
        }
        try (Sequential saved = network(1, 5);
             Sequential smaller = Sequential.builder().input(Input.ints(20)).add(Embedding.of(30, 4))
                     .add(GlobalMaxPooling1D.of()).add(Dense.of(1)).build()) {
            saved.saveWeights(file);
            assertThatThrownBy(() -> smaller.loadWeights(file)).hasMessageContaining("[conv1d, gru]")
                    .hasMessageContaining("does not have");
        }
    }

    @Test
    void missingAndTruncatedFilesAreReported() throws IOException {
        try (Sequential model = network(1, 5)) {
            assertThatThrownBy(() -> model.loadWeights(dir.resolve("absent.h5"))).hasMessageContaining("No weights file");
            Path file = dir.resolve("cut.weights.h5");
            model.saveWeights(file);
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(bytes, bytes.length / 3));
            assertThatThrownBy(() -> model.loadWeights(file)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file + " is truncated: it holds " + bytes.length / 3 + " bytes");
        }
    }

    /** The model's layers as the weight files see them. */
    private static List<LayerLayout> layout(Sequential model) {
        return model.layers().stream().map(LayerNode::weightsLayout).toList();
    }

    private static List<NdArray> withNaN(List<NdArray> weights, int index) {
        List<NdArray> bad = new ArrayList<>(weights);
        float[] values = bad.get(index).toFloatArray();
        values[values.length - 1] = Float.NaN;
        bad.set(index, NdArray.ofFloats(bad.get(index).shape(), values));
        return bad;
    }

    @Test
    void nonFiniteWeightsAreNotSavedAndThePreviousFileIsKept() throws IOException {
        Path file = dir.resolve("model.weights.h5");
        try (Sequential model = network(1, 5)) {
            model.saveWeights(file);
            byte[] good = Files.readAllBytes(file);
            assertThatThrownBy(() -> WeightsFile.save(file, layout(model), withNaN(model.getWeights(), 3)))
                    .isInstanceOf(NonFiniteValuesException.class)
                    .hasMessageContaining("layer 'gru' weight").hasMessageContaining("holds NaN or infinite values")
                    .hasMessageContaining("the previous file, if any, is kept");
            assertThat(Files.readAllBytes(file)).isEqualTo(good);
        }
    }

    @Test
    void nonFiniteOptimizerStateIsNotSavedInACheckpoint() {
        Path file = dir.resolve("last.h5");
        try (Sequential model = network(1, 5)) {
            List<NdArray> weights = model.getWeights();
            CheckpointFile.Checkpoint diverged = new CheckpointFile.Checkpoint(3, weights,
                    withNaN(weights, 0), "RMSprop");
            assertThatThrownBy(() -> CheckpointFile.save(file, layout(model), diverged))
                    .isInstanceOf(NonFiniteValuesException.class).hasMessageContaining("optimizer variable 0");
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void aFileNameAsLongAsTheFileSystemAllowsIsWritten() {
        Path file = dir.resolve("w".repeat(255 - ".weights.h5".length()) + ".weights.h5");
        try (Sequential saved = network(1, 5); Sequential loaded = network(2, 5)) {
            saved.saveWeights(file);
            loaded.loadWeights(file);
            assertThat(loaded.getWeights().get(0).toFloatArray())
                    .containsExactly(saved.getWeights().get(0).toFloatArray());
        }
    }

    @Test
    void aDamagedSizeThatAsksForMoreThanTheHeapIsASentenceNamingTheFile() throws Exception {
        Path file = dir.resolve("damaged.weights.h5");
        Files.copy(getClass().getResourceAsStream("hdf5/plain.weights.h5"), file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[131] = 0x35; // the top byte of an object header's size: 889 MB
        Files.write(file, bytes);
        assertThat(FileProbe.run(dir, Map.of(), List.of("-Xmx64m"), "load", file.toString()))
                .startsWith("Reading " + file + " needed more memory than the Java heap has left")
                .contains("a damaged size field asks for more than the file holds");
    }

    @Test
    void aSavedFileHasThePermissionsOfAnyNewFileNotOwnerOnlyOnes() throws IOException {
        Path file = dir.resolve("served.weights.h5");
        try (Sequential model = network(1, 5)) {
            model.saveWeights(file);
        }
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void writersRacingOnOnePathAllSucceedAndTheFileAlwaysLoads() throws Exception {
        Path file = dir.resolve("shared.h5");
        try (Sequential model = network(1, 5)) {
            List<LayerLayout> layout = layout(model);
            List<NdArray> weights = model.getWeights();
            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            for (int w = 0; w < 4; w++) {
                Thread writer = new Thread(() -> {
                    for (int i = 0; i < 150 && failures.isEmpty(); i++) {
                        try {
                            CheckpointFile.save(file, layout, new CheckpointFile.Checkpoint(i, weights, List.of(),
                                    "SGD"));
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                });
                writers.add(writer);
                writer.start();
            }
            for (Thread writer : writers) {
                writer.join();
            }
            assertThat(failures).isEmpty();
            assertThat(WeightsFile.load(file, layout).get(0).toFloatArray())
                    .containsExactly(weights.get(0).toFloatArray());
        }
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void checkpointAttributesThatAreMissingOrIllTypedAreNamed() throws IOException {
        try (Sequential model = network(1, 5)) {
            List<NdArray> weights = model.getWeights();
            Path file = dir.resolve("odd.h5");
            WeightsFile.write(file, layout(model), weights, h5 -> {
                h5.putAttribute(CheckpointFile.VERSION_ATTRIBUTE, CheckpointFile.VERSION);
                h5.putAttribute(CheckpointFile.OPTIMIZER_ATTRIBUTE, 7);
                h5.putGroup("optimizer").putGroup("vars");
            });
            assertThatThrownBy(() -> CheckpointFile.load(file, layout(model), "RMSprop", List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("checkpoint attribute 'optimizer' holds 7 (Integer), where seqconv writes a string");
            WeightsFile.write(file, layout(model), weights, h5 -> {
                h5.putAttribute(CheckpointFile.VERSION_ATTRIBUTE, CheckpointFile.VERSION);
                h5.putAttribute(CheckpointFile.OPTIMIZER_ATTRIBUTE, "RMSprop");
                h5.putGroup("optimizer").putGroup("vars");
            });
            assertThatThrownBy(() -> CheckpointFile.load(file, layout(model), "RMSprop", List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("checkpoint attribute 'epoch' is missing, where seqconv writes a number");
        }
    }
}
