package dev.seqconv.benchmarks;

import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.network.Input;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads a weights file over and over while another process saves it over and over, and checks that every load is
 * one saved version whole (or fails with a message naming the file). Version {@code v} holds the value {@code v}
 * in every weight, so a load that mixed two saves is not uniform; versions only grow, so a load may not return one
 * older than the load before it.
 *
 * <p>Arguments: {@code --loads 1000000 --minutes 0 (no limit) --rows 10000 --columns 128 --writer rename} (the
 * writer saves as seqconv does; {@code in-place}: it writes each save over the file, as {@code cp} or h5py would);
 * the file is in a new temporary folder, deleted at the end. Prints one line per 10,000 loads and a summary; exits 1
 * if a load was wrong or a failure did not name the file. The writer is this class run with {@code --write <file>}
 * in a second JVM.
 */
public final class RewrittenFileBenchmark {

    private RewrittenFileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        int rows = options.integer("rows", 10_000);
        int columns = options.integer("columns", 128);
        if (!options.text("write", "").isEmpty()) {
            write(Path.of(options.text("write", "")), rows, columns, options.text("writer", "rename"));
            return;
        }
        long loads = Long.parseLong(options.text("loads", "1000000"));
        double minutes = options.number("minutes", 0);
        Path dir = Files.createTempDirectory("rewritten-");
        Path file = dir.resolve("rewritten.weights.h5");
        try (Sequential model = model(rows, columns)) {
            model.setWeights(List.of(version(rows, columns, 0)));
            model.saveWeights(file);
            Process writer = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"), RewrittenFileBenchmark.class.getName(),
                    "--write", file.toString(), "--rows", Integer.toString(rows), "--columns",
                    Integer.toString(columns), "--writer", options.text("writer", "rename")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean right;
            try {
                right = run(model, file, loads, minutes);
            } finally {
                writer.destroy();
                writer.waitFor();
                try (var files = Files.list(dir)) {
                    for (Path written : files.toList()) {
                        Files.delete(written);
                    }
                }
                Files.delete(dir);
            }
            System.exit(right ? 0 : 1);
        }
    }

    /** Loads until {@code loads} or {@code minutes} are done; true if every load was right. */
    private static boolean run(Sequential model, Path file, long loads, double minutes) {
        long start = System.nanoTime();
        long deadline = minutes > 0 ? start + (long) (minutes * 60e9) : Long.MAX_VALUE;
        long done = 0;
        long wrong = 0;
        long older = 0;
        long changes = 0;
        long unnamed = 0;
        float last = 0;
        Map<String, Integer> failures = new TreeMap<>();
        for (; done < loads && System.nanoTime() < deadline; done++) {
            try {
                model.loadWeights(file);
                float[] values = model.getWeights().get(0).toFloatArray();
                float first = values[0];
                int off = 0;
                for (float v : values) {
                    off += v != first ? 1 : 0;
                }
                if (off > 0) {
                    wrong++;
                    System.out.println("WRONG: load " + done + " mixed versions: " + off + " of " + values.length
                            + " values are not " + first);
                } else if (first < last) {
                    older++;
                    System.out.println("WRONG: load " + done + " returned version " + first + " after " + last);
                } else {
                    changes += first > last ? 1 : 0;
                    last = first;
                }
            } catch (RuntimeException e) {
                String message = String.valueOf(e.getMessage());
                if (!message.contains(file.toString())) {
                    unnamed++;
                }
                failures.merge(message.replace(file.toString(), "<file>").replaceAll("\\d+", "N"), 1, Integer::sum);
            }
            if ((done + 1) % 10_000 == 0) {
                System.out.printf("%,d loads, %,d versions seen, %d wrong, %d failed, %.0f s%n", done + 1, changes,
                        wrong + older, failures.values().stream().mapToInt(Integer::intValue).sum(),
                        (System.nanoTime() - start) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%,d loads in %.0f s (%.0f/s) while another process saved %,.0f versions: %d mixed, %d "
                        + "older than the load before, %d failures (%d not naming the file)%n", done, seconds,
                done / seconds, last, wrong, older, failures.values().stream().mapToInt(Integer::intValue).sum(),
                unnamed);
        failures.forEach((message, count) -> System.out.println("  " + count + " x " + message));
        return wrong == 0 && older == 0 && unnamed == 0;
    }

    /**
     * The writer: saves versions 1, 2, 3, ... until it is stopped or the benchmark's process is gone; with
     * {@code in-place}, writes each save's bytes over the file as {@code cp} or h5py would (truncate, then write).
     */
    private static void write(Path file, int rows, int columns, String writer) throws IOException {
        ProcessHandle benchmark = ProcessHandle.current().parent().orElseThrow();
        Path side = file.resolveSibling("side.weights.h5");
        try (Sequential model = model(rows, columns)) {
            for (int v = 1; benchmark.isAlive(); v++) {
                model.setWeights(List.of(version(rows, columns, v)));
                if (writer.equals("in-place")) {
                    model.saveWeights(side);
                    Files.write(file, Files.readAllBytes(side));
                } else {
                    model.saveWeights(file);
                }
            }
        }
    }

    private static Sequential model(int rows, int columns) {
        return Sequential.builder().input(Input.ints(1)).add(Embedding.of(rows, columns)).seed(1).build();
    }

    private static NdArray version(int rows, int columns, int v) {
        float[] values = new float[rows * columns];
        Arrays.fill(values, v);
        return NdArray.wrapFloats(Shape.of(rows, columns), values);
    }
}
