package dev.seqconv.examples;

import dev.seqconv.datasets.jena.CommonSenseBaseline;
import dev.seqconv.models.ChapterModels;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code seqconv baseline jena}: the chapter's common-sense forecast and its error. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "The non-machine-learning baseline of section 6.3: forecast the temperature 24 hours ahead as "
                + "the latest one, MAE over the validation range (Keras users get 0.29, 2.57 °C on the Jena record).")
public class BaselineCommand implements Callable<Integer> {

    private final ChapterModels models;
    private final Experiments experiments;

    @Parameters(paramLabel = "DATASET", description = "jena")
    String dataset;

    @Mixin
    DataOptions data;

    @Inject
    public BaselineCommand(ChapterModels models, Experiments experiments) {
        this.models = models;
        this.experiments = experiments;
    }

    @Override
    public Integer call() {
        if (!dataset.equals("jena")) {
            throw new IllegalArgumentException("The common-sense baseline is defined for 'jena' only, got '" + dataset + "'");
        }
        for (String id : new String[] {"jena-gru", "jena-conv-gru"}) {
            JenaTrainingData jena = experiments.jena(models.get(id), data);
            CommonSenseBaseline baseline = jena.baseline();
            System.out.printf(Locale.ROOT, "%s windows (as %s): MAE %.4f normalized, %.2f °C%n    on %s%n",
                    id.equals("jena-gru") ? "Section 6.3" : "Section 6.4", id, baseline.normalizedMae(),
                    baseline.celsiusMae(), jena.description());
        }
        return 0;
    }
}
