package dev.seqconv.examples;

import dev.seqconv.api.keras.KerasLayer;
import dev.seqconv.api.keras.KerasModel;
import dev.seqconv.api.model.Sequential;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code seqconv inspect FILE}: what a Keras file holds, and whether seqconv runs it, before loading it. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Shows a Keras model file's format, Keras version and layers, and the summary of the model "
                + "seqconv builds from it, or why seqconv refuses it.")
public class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "A .keras archive, a legacy .h5 file, or a .weights.h5 file "
            + "(with --config).")
    Path file;

    @Mixin
    KerasFileOptions keras;

    @Override
    public Integer call() {
        KerasFileOptions.Contents contents = keras.describe(file);
        KerasModel description = contents.model();
        System.out.println("File: " + file);
        System.out.println("Format: " + description.format() + ", written by Keras "
                + description.kerasVersion().orElse("(version not recorded)"));
        System.out.println("Model: " + description.modelClass() + " '" + description.name() + "', input "
                + description.input().batchShape() + " " + description.input().dtype());
        System.out.println(contents.weightsRead() ? "Layers:"
                : "Layers (configuration only; the weights could not be read):");
        for (KerasLayer layer : description.layers()) {
            System.out.println("  " + layer.className() + " '" + layer.name() + "'" + (contents.weightsRead()
                    ? " " + layer.weights().stream().map(w -> w.name() + " " + w.value().shape()).toList() : ""));
        }
        try (Sequential model = keras.load(file)) {
            System.out.println("seqconv runs it as:");
            System.out.print(model.summary());
            return 0;
        } catch (KerasFileOptions.OpenTimeSteps open) {
            System.out.println("seqconv runs it for a number of time steps you give: " + open.getMessage());
            return 0;
        } catch (IllegalArgumentException refused) {
            System.out.println("seqconv refuses it: " + refused.getMessage());
            return 1;
        }
    }
}
