package dev.seqconv.api.io;

import dev.seqconv.api.ndarray.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * File operations run in a JVM of their own, started under another locale or heap than the tests' ({@link #run}):
 * {@code write NAME} (an atomic write), {@code name NAME} ({@link FileNames#of}) or {@code load NAME} (the weights
 * of Dense(3) on 4 inputs). The child prints {@code ok} or the failure's message, in ASCII.
 */
final class FileProbe {

    private FileProbe() {
    }

    public static void main(String[] args) {
        try {
            switch (args[0]) {
                case "write" -> AtomicFiles.write(Path.of(args[1]), file -> Files.writeString(file, "written"));
                case "name" -> FileNames.of(args[1]);
                default -> WeightsFile.load(Path.of(args[1]), List.of(new LayerLayout("dense", "Dense", List.of(
                        new LayerLayout.Variable("kernel", Shape.of(4, 3)), new LayerLayout.Variable("bias",
                                Shape.of(3))))));
            }
            System.out.println("ok");
        } catch (RuntimeException e) {
            System.out.println(new String(e.getMessage().getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII));
        }
    }

    /**
     * The last line the probe printed, run in {@code workingFolder} with {@code environment} added and the JVM
     * options {@code jvmOptions}.
     */
    static String run(Path workingFolder, Map<String, String> environment, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FileProbe.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingFolder.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("The probe did not finish: " + output);
        }
        return output.lines().reduce((first, last) -> last).orElse("");
    }
}
