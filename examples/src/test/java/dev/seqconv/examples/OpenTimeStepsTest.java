package dev.seqconv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.layers.RecurrentOptions;
import dev.seqconv.api.model.Input;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** A .keras file of Input(5, 3) → GRU(4) → Dense(1) whose configuration leaves the time steps open. */
    private Path kerasFile(String name, boolean stateful) throws IOException {
        Path saved = dir.resolve("saved.keras");
        try (Sequential model = Sequential.builder().input(Input.floats(5, 3))
                .add(GRU.of(RecurrentOptions.builder(4).build())).add(Dense.of(1)).seed(1).build()) {
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
