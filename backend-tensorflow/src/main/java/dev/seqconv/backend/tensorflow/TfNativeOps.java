package dev.seqconv.backend.tensorflow;

import dev.seqconv.api.ops.Activation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.tensorflow.TensorFlow;

/**
 * seqconv's own TensorFlow operations ({@code src/main/c}), built into this jar for the platforms a build had a C
 * compiler for (today Linux x86-64), and registered with TensorFlow once per JVM through {@link
 * TensorFlow#loadLibrary}. Where the library is absent or fails to load, the operations are reported unavailable
 * (logged once, with the reason) and the kernels that would use them compose the same computation from
 * TensorFlow's own operations.
 */
final class TfNativeOps {

    /**
     * The GRU layer's whole recurrence, its operations named by this and then {@code States} (every step's state)
     * or {@code LastState} ({@link TfRecurrences}).
     */
    static final String GRU = "SeqconvGru";
    /** The LSTM layer's whole recurrence, its operations named as {@link #GRU}'s. */
    static final String LSTM = "SeqconvLstm";
    /** A Conv1D layer forward on the calling thread ({@link TfConv1dInference}). */
    static final String CONV1D = "SeqconvConv1d";
    /** MaxPooling1D on the calling thread ({@link TfMaxPool1dInference}). */
    static final String MAX_POOL1D = "SeqconvMaxPool1d";

    private static final System.Logger LOG = System.getLogger(TfNativeOps.class.getName());
    private static final String LIBRARY = "libseqconv_tf_ops.so";

    private TfNativeOps() {
    }

    /**
     * Whether the operations ({@link #GRU}, {@link #LSTM}, {@link #CONV1D}, {@link #MAX_POOL1D}) can be added to
     * graphs in this JVM.
     */
    static boolean available() {
        return Loaded.AVAILABLE;
    }

    /** The activation's number in the operations' {@code activation} attributes ({@code kernels.h}), or −1. */
    static long activation(Activation activation) {
        return switch (activation) {
            case LINEAR -> 0;
            case RELU -> 1;
            case SIGMOID -> 2;
            case TANH -> 3;
            case HARD_SIGMOID -> 4;
            case HARD_SIGMOID_KERAS2 -> 5;
            case SOFTMAX -> -1;
        };
    }

    /** The library's resource path, relative to this class, for this platform. */
    static String resource() {
        return "native/" + platform() + "/" + LIBRARY;
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("linux") ? "linux" : os.replaceAll("\\s+", "");
        String archName = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
        return osName + "-" + archName;
    }

    /** Loads the library the first time {@link #available()} is asked (class initialisation runs once). */
    private static final class Loaded {
        static final boolean AVAILABLE = load();

        private static boolean load() {
            try (InputStream in = TfNativeOps.class.getResourceAsStream(resource())) {
                if (in == null) {
                    LOG.log(System.Logger.Level.INFO, "seqconv's TensorFlow operations are not in this jar for "
                            + platform() + "; the recurrences run as TensorFlow's own operations (slower)");
                    return false;
                }
                Path file = Files.createTempFile("seqconv-tf-ops", ".so");
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                TensorFlow.loadLibrary(file.toString());
                LOG.log(System.Logger.Level.DEBUG, "seqconv's TensorFlow operations loaded for " + platform());
                return true;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "seqconv's TensorFlow operations could not be copied out of the "
                        + "jar (" + e.getMessage() + "); the recurrences run as TensorFlow's own operations");
                return false;
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                LOG.log(System.Logger.Level.WARNING, "seqconv's TensorFlow operations failed to load (" + e
                        + "); the recurrences run as TensorFlow's own operations");
                return false;
            }
        }
    }
}
