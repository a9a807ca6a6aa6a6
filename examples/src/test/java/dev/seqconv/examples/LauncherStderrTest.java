package dev.seqconv.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.GRU;
import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.network.Input;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./seqconv} launcher on the TensorFlow backend prints nothing on stderr but seqconv's own lines unless
 * TensorFlow's logs are asked for with {@code TF_CPP_MIN_LOG_LEVEL}. Runs the project's launcher in a copy of its
 * layout whose {@code classpath.txt} is this test's classpath.
 */
class LauncherStderrTest {

    @TempDir
    Path dir;

    private Path launcher;
    private Path model;
    private Path input;

    @BeforeEach
    void layOutTheApplication() throws IOException {
        launcher = Files.copy(Path.of("..", "seqconv"), dir.resolve("seqconv"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path target = Files.createDirectories(dir.resolve("examples/target"));
        new JarOutputStream(Files.newOutputStream(target.resolve("seqconv-examples.jar")), new Manifest()).close();
        Files.writeString(target.resolve("classpath.txt"), System.getProperty("java.class.path"));
        model = dir.resolve("model.keras");
        try (Sequential network = Sequential.builder().input(Input.floats(3, 2)).add(GRU.of(4)).add(Dense.of(1))
                .seed(1).build()) {
            KerasModels.save(network, model);
        }
        input = Files.writeString(dir.resolve("input.json"), "{\"input\": [[[1, 2], [3, 4], [5, 6]]]}");
    }

    @Test
    void predictOnTensorFlowPrintsOnlyItsOutput() throws Exception {
        Run run = predict(null);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("{\"output\":");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void tensorFlowsLogsAreShownWhenAskedFor() throws Exception {
        Run run = predict("0");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("MLIR V1 optimization pass is not enabled");
    }

    private record Run(int code, String out, String err) {
    }

    /** {@code ./seqconv predict} on TensorFlow, with {@code TF_CPP_MIN_LOG_LEVEL} set to {@code level} or unset. */
    private Run predict(String level) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of("bash", launcher.toString(), "predict", "--model",
                model.toString(), "--input", input.toString(), "--backend", "tensorflow"));
        builder.environment().remove("TF_CPP_MIN_LOG_LEVEL");
        if (level != null) {
            builder.environment().put("TF_CPP_MIN_LOG_LEVEL", level);
        }
        builder.environment().put("SEQCONV_JAVA_OPTS", "-Xmx512m");
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":"
                + builder.environment().get("PATH"));
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(process.exitValue(), out, err.get(10, TimeUnit.SECONDS));
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
