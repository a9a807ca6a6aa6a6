package dev.seqconv.examples;

import dev.seqconv.api.model.KerasModels;
import dev.seqconv.api.model.Sequential;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seqconv convert IN OUT}: a Keras file in any format seqconv reads, as a Keras 3 file. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Converts a Keras model file (.keras, legacy .h5, or .weights.h5 with --config) to a Keras 3 "
                + ".keras archive, or to Keras 3's .weights.h5 layout with its model.to_json() text beside it "
                + "(OUT.weights.h5 and OUT.json).")
public class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "The file to read.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "OUT.keras or OUT.weights.h5; may be IN itself (IN is "
            + "read whole before OUT replaces it).")
    Path out;

    @Mixin
    KerasFileOptions keras;

    @Option(names = "--write-inexact", description = "Write even where Keras 3 computes something else with the "
            + "result (Keras 2's hard_sigmoid gates, which Keras 3 reads with its own slope), and say by how much "
            + "the outputs move.")
    boolean writeInexact;

    @Mixin
    BackendOption backend;

    private final BackendChooser backends;

    @Inject
    public ConvertCommand(BackendChooser backends) {
        this.backends = backends;
    }

    @Override
    public Integer call() {
        String name = out.getFileName().toString();
        if (!name.endsWith(".keras") && !name.endsWith(".weights.h5")) {
            throw new IllegalArgumentException("OUT must end in .keras or .weights.h5, got " + out);
        }
        try (Sequential model = keras.load(in)) {
            List<String> inexact = KerasModels.inexactSettings(model);
            if (!inexact.isEmpty() && !writeInexact) {
                throw new IllegalArgumentException(out + " not written: Keras 3 would compute the model differently ("
                        + String.join("; ", inexact) + "). Give --write-inexact to write it anyway and see by how "
                        + "much its outputs move, or keep running " + in + " with seqconv");
            }
            KerasModels.SaveOption[] options = inexact.isEmpty() ? new KerasModels.SaveOption[0]
                    : new KerasModels.SaveOption[] {KerasModels.SaveOption.WRITE_INEXACT};
            Path config = null;
            if (name.endsWith(".keras")) {
                KerasModels.save(model, out, options);
                System.out.println("Wrote " + out);
            } else {
                config = out.resolveSibling(name.substring(0, name.length() - ".weights.h5".length()) + ".json");
                String json = KerasModels.toJson(model, options);
                model.saveWeights(out);
                OutputFiles.writeText(config, json);
                System.out.println("Wrote " + out + " and its configuration " + config);
            }
            if (!inexact.isEmpty()) {
                try (Sequential asKeras3 = config == null ? KerasModels.load(out) : KerasModels.load(out, config)) {
                    System.err.println("Inexact: Keras 3 computes " + out + " differently from " + in + ":");
                    inexact.forEach(setting -> System.err.println("  " + setting));
                    System.err.println(InexactOutputs.measure(model, asKeras3, backends.choose(backend.id)));
                }
            }
        }
        return 0;
    }
}
