package dev.seqconv.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's {@code --name value} arguments, each read as the type it holds, with the default the benchmark
 * gives where the argument is absent. Lists are comma-separated: {@code --backends nd4j,tensorflow}.
 */
final class BenchmarkOptions {

    private final Map<String, String> values;

    private BenchmarkOptions(Map<String, String> values) {
        this.values = values;
    }

    /** The {@code --name value} pairs of {@code args}. */
    static BenchmarkOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("Expected --name value pairs, got " + String.join(" ", args));
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        return new BenchmarkOptions(values);
    }

    String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** The value of an argument that has no default. */
    String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Missing --" + name);
        }
        return value;
    }

    int integer(String name, int defaultValue) {
        String value = values.get(name);
        return value == null ? defaultValue : Integer.parseInt(value);
    }

    double number(String name, double defaultValue) {
        String value = values.get(name);
        return value == null ? defaultValue : Double.parseDouble(value);
    }

    /** A duration given in (possibly fractional) milliseconds, e.g. {@code --max-wait-ms 0.5}. */
    Duration milliseconds(String name, double defaultValue) {
        return Duration.ofNanos((long) (number(name, defaultValue) * 1e6));
    }

    List<String> list(String name, String defaultValues) {
        return List.of(text(name, defaultValues).split(","));
    }

    /** {@code --backends}: the engines to measure, both by default. */
    List<String> backends() {
        return list("backends", "nd4j,tensorflow");
    }

    int[] integers(String name, String defaultValues) {
        return list(name, defaultValues).stream().mapToInt(Integer::parseInt).toArray();
    }
}
