package dev.seqconv.examples;

import dev.seqconv.api.callbacks.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A training history as CSV: {@code epoch}, then each logged figure, then the epoch's seconds. */
final class HistoryCsv {

    private HistoryCsv() {
    }

    static void write(History history, List<Double> epochSeconds, Path file) {
        Map<String, List<Double>> series = history.asMap();
        List<String> lines = new ArrayList<>();
        lines.add("epoch," + String.join(",", series.keySet()) + ",seconds");
        for (int e = 0; e < history.epochs(); e++) {
            StringBuilder line = new StringBuilder(Integer.toString(e + 1));
            for (List<Double> values : series.values()) {
                line.append(',').append(String.format(Locale.ROOT, "%.6f", values.get(e)));
            }
            line.append(',').append(e < epochSeconds.size()
                    ? String.format(Locale.ROOT, "%.2f", epochSeconds.get(e)) : "");
            lines.add(line.toString());
        }
        try {
            Files.write(file, lines);
        } catch (IOException e) {
            throw OutputFiles.writeFailure(file, e);
        }
    }
}
