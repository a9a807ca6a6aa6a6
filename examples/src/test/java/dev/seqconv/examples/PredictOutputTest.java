package dev.seqconv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict --output} never replaces a file the command reads: its input, its model or its configuration. */
class PredictOutputTest {

    private static final String INPUT = "{\"input\": [[1, 2, 3]]}";

    @TempDir
    Path dir;

    @Test
    void anOutputThatIsTheInputIsRefusedAndTheInputKept() throws IOException {
        Path input = input();
        assertRefused(predict(input, dir.resolve("model.keras"), input), "--input");
        assertRefused(predict(input, dir.resolve("model.keras"), dir.resolve("sub/../input.json")), "--input");
        assertThat(input).hasContent(INPUT);
    }

    @Test
    void anOutputThatReachesTheInputThroughALinkIsRefused() throws IOException {
        Path input = input();
        Path symbolic = Files.createSymbolicLink(dir.resolve("symbolic.json"), input);
        Path hard = Files.createLink(dir.resolve("hard.json"), input);
        assertRefused(predict(input, dir.resolve("model.keras"), symbolic), "--input");
        assertRefused(predict(input, dir.resolve("model.keras"), hard), "--input");
        assertThat(input).hasContent(INPUT);
    }

    @Test
    void anOutputThatIsTheModelOrItsConfigurationIsRefused() throws IOException {
        Path model = Files.writeString(dir.resolve("model.weights.h5"), "weights");
        Path config = Files.writeString(dir.resolve("model.json"), "{}");
        assertRefused(CommandLineRun.of("predict", "--model", model.toString(), "--config", config.toString(),
                "--input", input().toString(), "--output", model.toString()), "--model");
        assertRefused(CommandLineRun.of("predict", "--model", model.toString(), "--config", config.toString(),
                "--input", input().toString(), "--output", config.toString()), "--config");
        assertThat(model).hasContent("weights");
        assertThat(config).hasContent("{}");
    }

    private Path input() throws IOException {
        return Files.writeString(dir.resolve("input.json"), INPUT);
    }

    private static CommandLineRun predict(Path input, Path model, Path output) {
        return CommandLineRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--output",
                output.toString());
    }

    private static void assertRefused(CommandLineRun run, String option) {
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("is the file given as " + option, "would replace it",
                "Give --output another file");
    }
}
