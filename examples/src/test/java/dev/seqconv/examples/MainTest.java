package dev.seqconv.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seqconv.datasets.jena.SyntheticWeather;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it, through the same Guice wiring. */
class MainTest {


    @TempDir
    Path dir;


    @Test
    void summaryPrintsKerasTableAndTheNoteOnTheBooksModel() {
        CommandLineRun run = CommandLineRun.of("summary", "imdb-conv1d");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Total params: 1,315,937").contains("imdb-conv1d-sigmoid adds the missing");
    }

    @Test
    void badUsageExitsWith2AndFailuresWith1() {
        assertThat(CommandLineRun.of("train", "--bogus").code()).isEqualTo(2);
        assertThat(CommandLineRun.of("frobnicate").code()).isEqualTo(2);
        CommandLineRun unknown = CommandLineRun.of("summary", "imdb");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("seqconv: Unknown model 'imdb'").contains("imdb-conv1d-sigmoid");
        CommandLineRun synthetic = CommandLineRun.of("train", "imdb-conv1d", "--synthetic");
        assertThat(synthetic.code()).isEqualTo(1);
        assertThat(synthetic.err()).contains("--synthetic is for the Jena models");
    }

    @Test
    void trainSavesUnderAFileNameAsLongAsTheFileSystemAllows() {
        Path weights = dir.resolve("w".repeat(240) + ".weights.h5");
        CommandLineRun train = CommandLineRun.of("train", "jena-conv-gru", "--synthetic", "--backend", "nd4j",
                "--max-steps", "1", "--save", weights.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("Saved to " + weights);
        assertThat(weights).isRegularFile();
    }

    @Test
    void aFileNameJavaCannotTakeIsAUsageErrorThatSaysWhy() {
        CommandLineRun run = CommandLineRun.of("inspect", "model\u0000.h5");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("cannot be a file name here: Nul character not allowed");
    }

    @Test
    void backendsAreListedWithTheirEngines() {
        CommandLineRun run = CommandLineRun.of("backends");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("tensorflow").contains("nd4j").contains("available").contains("Default: tensorflow");
    }

    @Test
    void aJenaModelTrainsSavesAndEvaluatesOnTheSyntheticSeries() throws Exception {
        Path weights = dir.resolve("jena.weights.h5");
        Path history = dir.resolve("history.csv");
        Path plot = dir.resolve("curves.png");
        CommandLineRun train = CommandLineRun.of("train", "jena-conv-gru", "--synthetic", "--backend", "tensorflow", "--max-steps", "3",
                "--save", weights.toString(), "--history", history.toString(), "--plot", plot.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("synthetic weather series").contains("not the Jena record")
                .contains("3/3 [==============================]").contains("Best val_loss");
        assertThat(Files.readAllLines(history)).hasSize(2).first().isEqualTo("epoch,loss,val_loss,seconds");
        assertThat(ImageIO.read(plot.toFile()).getWidth()).isEqualTo(640);
        CommandLineRun evaluate = CommandLineRun.of("evaluate", "jena-conv-gru", "--synthetic", "--backend", "nd4j", "--weights",
                weights.toString(), "--max-steps", "2");
        assertThat(evaluate.code()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("Test (jena-conv-gru on nd4j): loss:").contains("mae_celsius");
    }

    /** The training loss printed on the progress line of a one-step run. */
    private static String trainingLoss(CommandLineRun run) {
        Matcher loss = Pattern.compile("1/1 \\[=+\\] .* - loss: (\\S+)").matcher(run.out());
        assertThat(loss.find()).as(run.out() + run.err()).isTrue();
        return loss.group(1);
    }

    @Test
    void theBatchSizeAppliesToTheJenaGenerators() {
        String[] quick = {"train", "jena-conv1d", "--synthetic", "--backend", "nd4j", "--max-steps", "1"};
        String one = trainingLoss(CommandLineRun.of(concat(quick, "--batch-size", "1")));
        String two = trainingLoss(CommandLineRun.of(concat(quick, "--batch-size", "2")));
        assertThat(one).isNotEqualTo(two);
        assertThat(trainingLoss(CommandLineRun.of(concat(quick, "--batch-size", "2")))).isEqualTo(two);
        CommandLineRun huge = CommandLineRun.of(concat(quick, "--batch-size", Integer.toString(Integer.MAX_VALUE)));
        assertThat(huge.code()).isEqualTo(1);
        assertThat(huge.err()).contains("use a batch size of at most 639,132").doesNotContain("/ by zero");
    }

    @Test
    void aValidationSplitThatIsNotAFractionOrForJenaIsRefused() {
        for (String split : new String[] {"-0.1", "NaN", "1"}) {
            CommandLineRun run = CommandLineRun.of("train", "imdb-conv1d", "--validation-split", split, "--data-dir", dir.toString());
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).contains("--validation-split must be a number in [0, 1)").contains("got ");
        }
        CommandLineRun jena = CommandLineRun.of("train", "jena-conv1d", "--synthetic", "--validation-split", "0.3");
        assertThat(jena.code()).isEqualTo(1);
        assertThat(jena.err()).contains("--validation-split is for the IMDB models");
    }

    @Test
    void outputsThatCannotBeWrittenAreRefusedBeforeTraining() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "in the way");
        for (String option : new String[] {"--save", "--history", "--plot"}) {
            CommandLineRun run = CommandLineRun.of("train", "jena-conv1d", "--synthetic", "--max-steps", "1", option,
                    file.resolve("out").toString());
            assertThat(run.code()).isEqualTo(1);
            assertThat(run.err()).contains("Cannot write " + option + " " + file.resolve("out"))
                    .contains(file + " is a file, not a folder").contains("nothing has been trained yet");
            assertThat(run.out()).doesNotContain("Epoch 1/");
        }
        CommandLineRun folder = CommandLineRun.of("train", "jena-conv1d", "--synthetic", "--max-steps", "1", "--save", dir.toString());
        assertThat(folder.err()).contains("it is a folder; give a file name");
    }

    @Test
    void aPlotIntoAMissingFolderCreatesIt() throws Exception {
        Path plot = dir.resolve("new/curves/jena.png");
        CommandLineRun run = CommandLineRun.of("train", "jena-conv1d", "--synthetic", "--backend", "nd4j", "--max-steps", "1", "--plot",
                plot.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("at javax.imageio");
        assertThat(ImageIO.read(plot.toFile()).getWidth()).isEqualTo(640);
    }

    @Test
    void aShortJenaFileSaysHowManyRowsItHasAndNeeds() throws Exception {
        Path csv = dir.resolve("jena_climate_2009_2016.csv");
        SyntheticWeather.writeCsv(SyntheticWeather.generate(100, 1), csv);
        CommandLineRun run = CommandLineRun.of("train", "jena-conv1d", "--data-dir", dir.toString(), "--max-steps", "1");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("has 100 rows").contains("they need at least 301,587 rows")
                .contains("complete Jena record (420,551 rows");
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void theImdbQuickCheckRunsOnTheRealReviews() {
        Path imdb = Path.of(System.getProperty("seqconv.data.dir", "../shared/data")).resolve("imdb");
        assumeTrue(Files.isRegularFile(imdb.resolve("train.tsv.gz")), "Skipped: no IMDB reviews at " + imdb);
        CommandLineRun run = CommandLineRun.of("train", "imdb-conv1d", "--backend", "nd4j", "--max-steps", "2", "--data-dir", imdb.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("25,000 training").contains("2/2 [").contains("val_acc");
    }
}
