package dev.seqconv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.keras.KerasFiles;
import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Keras file that leaves its number of time steps unspecified: the commands say what the command line can do
 * ({@code --time-steps}, predict taking the steps from its input), not what the Java API does.
 */
class OpenTimeStepsTest {

    @TempDir
    Path dir;

    @Test
    void inspectAndConvertSayToGiveTimeStepsAndPredictTakesThemFromItsInput() throws IOException {
        Path file = kerasFile("open.keras", false);

        CommandLineRun inspect = CommandLineRun.of("inspect", file.toString());
        assertThat(inspect.code()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("(None, None, 3)", "--time-steps N", "predict takes N from its input")
                .doesNotContain("refuses", "KerasModels");

        CommandLineRun convert = CommandLineRun.of("convert", file.toString(), dir.resolve("out.keras").toString());
        assertThat(convert.code()).isEqualTo(1);
        assertThat(convert.err()).contains("open.keras", "--time-steps N").doesNotContain("KerasModels");

        CommandLineRun fixed = CommandLineRun.of("convert", file.toString(), dir.resolve("out.keras").toString(),
                "--time-steps", "5");
        assertThat(fixed.code()).as(fixed.err()).isZero();

        Path input = Files.writeString(dir.resolve("input.json"), "{\"input\": [[[1, 2, 3], [4, 5, 6]]]}");
        CommandLineRun predict = CommandLineRun.of("predict", "--model", file.toString(), "--input", input.toString(),
                "--backend", "nd4j");
        assertThat(predict.code()).as(predict.err()).isZero();
        assertThat(predict.out()).startsWith("{\"output\":");
    }

    @Test
    void anotherProblemOfTheFileIsNamedBeforeTheTimeSteps() throws IOException {
        Path file = kerasFile("stateful.keras", true);

        CommandLineRun convert = CommandLineRun.of("convert", file.toString(), dir.resolve("out.keras").toString());
        assertThat(convert.code()).isEqualTo(1);
        assertThat(convert.err()).contains("stateful").doesNotContain("--time-steps");

        CommandLineRun inspect = CommandLineRun.of("inspect", file.toString());
        assertThat(inspect.code()).isEqualTo(1);
        assertThat(inspect.out()).contains("seqconv refuses it", "stateful").doesNotContain("--time-steps");
    }

    @Test
    void aWeightsFileWithItsConfigurationTakesTheTimeStepsOnEveryCommand() throws IOException {
        Path weights = dir.resolve("open.weights.h5");
        Path config = dir.resolve("open.json");
        try (Sequential model = network()) {
            model.saveWeights(weights);
            String json = KerasModels.toJson(model).replaceAll("\\[null,\\s*5,\\s*3\\]", "[null, null, 3]");
            assertThat(json).contains("[null, null, 3]");
            Files.writeString(config, json);
        }

        CommandLineRun inspect = CommandLineRun.of("inspect", weights.toString(), "--config", config.toString());
        assertThat(inspect.code()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("--time-steps N").doesNotContain("refuses", "KerasModels");
        CommandLineRun inspectFixed = CommandLineRun.of("inspect", weights.toString(), "--config", config.toString(),
                "--time-steps", "5");
        assertThat(inspectFixed.code()).as(inspectFixed.err()).isZero();
        assertThat(inspectFixed.out()).contains("seqconv runs it as");

        Path out = dir.resolve("out.keras");
        CommandLineRun convert = CommandLineRun.of("convert", weights.toString(), out.toString(), "--config",
                config.toString());
        assertThat(convert.code()).isEqualTo(1);
        assertThat(convert.err()).contains("open.weights.h5", "--time-steps N").doesNotContain("KerasModels");
        CommandLineRun convertFixed = CommandLineRun.of("convert", weights.toString(), out.toString(), "--config",
                config.toString(), "--time-steps", "5");
        assertThat(convertFixed.code()).as(convertFixed.err()).isZero();
        assertThat(KerasFiles.read(out).input().shape()).isEqualTo(Shape.of(5, 3));

        Path input = Files.writeString(dir.resolve("input.json"), "{\"input\": [[[1, 2, 3], [4, 5, 6]]]}");
        for (String[] steps : new String[][] {{}, {"--time-steps", "2"}}) {
            List<String> args = new ArrayList<>(List.of("predict", "--model", weights.toString(), "--config",
                    config.toString(), "--input", input.toString(), "--backend", "nd4j"));
            args.addAll(List.of(steps));
            CommandLineRun predict = CommandLineRun.of(args.toArray(String[]::new));
            assertThat(predict.code()).as(predict.err()).isZero();
            assertThat(predict.out()).startsWith("{\"output\":");
        }
    }

    /** Input(5, 3) → GRU(4) → Dense(1). */
    private static Sequential network() {
        return Sequential.builder().input(Input.floats(5, 3)).add(GRU.of(RecurrentOptions.builder(4).build()))
                .add(Dense.of(1)).seed(1).build();
    }

    /** A .keras file of {@link #network()} whose configuration leaves the time steps open. */
    private Path kerasFile(String name, boolean stateful) throws IOException {
        Path saved = dir.resolve("saved.keras");
        try (Sequential model = network()) {
            KerasModels.save(model, saved);
        }
        Path file = dir.resolve(name);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(saved));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                byte[] bytes = in.readAllBytes();
                if (entry.getName().equals("config.json")) {
                    String config = new String(bytes, StandardCharsets.UTF_8).replaceAll("\\[null,\\s*5,\\s*3\\]",
                            "[null, null, 3]");
                    assertThat(config).contains("[null, null, 3]");
                    if (stateful) {
                        config = config.replaceAll("\"stateful\":\\s*false", "\"stateful\": true");
                    }
                    bytes = config.getBytes(StandardCharsets.UTF_8);
                }
                out.write(bytes);
                out.closeEntry();
            }
        }
        return file;
    }
}
