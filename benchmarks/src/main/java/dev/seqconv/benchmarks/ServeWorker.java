package dev.seqconv.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.inference.PredictorSettings;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import dev.seqconv.api.random.SeededRandom;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * One serving subject as a worker process of {@link ServingComparisonBenchmark}: a seqconv {@link Predictor} on
 * one backend (weights read from a seqconv weights file, strategy given or the backend's default), or ONNX
 * Runtime's Java API running the network exported from PyTorch (one {@code OrtSession} shared by all client
 * threads). It speaks the line protocol of {@link StepWorker} and {@code benchmarks/pytorch/chapter_nets.py
 * --serve}: {@code ready <startup ms>}; {@code check} → {@code check v1,...} (batch-1 outputs of the pool's first
 * 8 samples); {@code serve C WARMUP SECONDS} → {@code served <requests/s> <p50 ms> <p99 ms>} (C client threads
 * sending one-sample requests, as {@link PredictorBenchmark} does); {@code rss} → {@code rss <peak kB>};
 * {@code quit}. Requests are rows of the pool {@code network.data(256, new SeededRandom(7))}, the one
 * {@link ServingComparisonBenchmark} writes for PyTorch.
 *
 * <p>Arguments: {@code --network imdb|jena-conv-gru --subject nd4j|tensorflow|onnxruntime [--strategy
 * ADAPTIVE|MICRO_BATCHING|SESSIONS|default] [--plans true|false] --weights FILE.weights.h5 | --onnx FILE.onnx
 * [--max-batch 32 --max-wait-ms 1 --threads 2]}; {@code --plans false} serves without the engine's inference plans
 * (the composed prediction function).
 */
public final class ServeWorker {

    /** The pool every subject draws its requests from (and {@link ServingComparisonBenchmark} writes). */
    static final long POOL_SEED = 7;
    static final int POOL_SIZE = 256;
    /** How many samples {@code check} predicts, one at a time. */
    static final int CHECKED = 8;

    private ServeWorker() {
    }

    public static void main(String[] args) throws Exception {
        try {
            serve(BenchmarkOptions.parse(args));
        } catch (Throwable e) {
            System.out.println("error " + e.toString().replace('\n', ' '));
            System.out.flush();
            System.exit(1);
        }
    }

    private static void serve(BenchmarkOptions options) throws Exception {
        BenchmarkNetwork network = BenchmarkNetwork.named(options.required("network"));
        String subject = options.required("subject");
        NdArray pool = network.data(POOL_SIZE, new SeededRandom(POOL_SEED))[0];
        try (Subject served = subject.equals("onnxruntime")
                ? new OnnxRuntimeSubject(Path.of(options.required("onnx")), options.integer("threads", 2))
                : new PredictorSubject(network, subject, options)) {
            served.call.apply(pool.rows(0, 1));
            WorkerCommands.answer(ManagementFactory.getRuntimeMXBean().getUptime(), Map.of(
                    "check", command -> {
                        StringJoiner values = new StringJoiner(",");
                        for (int i = 0; i < CHECKED; i++) {
                            for (float v : served.call.apply(pool.rows(i, i + 1)).toFloatArray()) {
                                values.add(String.format(Locale.ROOT, "%.8g", v));
                            }
                        }
                        System.out.println("check " + values);
                    },
                    "serve", command -> {
                        PredictorBenchmark.Result r = PredictorBenchmark.measure(Integer.parseInt(command[1]),
                                Double.parseDouble(command[2]), Double.parseDouble(command[3]), pool, served.call, 1);
                        System.out.printf(Locale.ROOT, "served %.1f %.4f %.4f%n", r.perSecond(), r.p50(), r.p99());
                    }));
        }
    }

    /** A prediction function safe to call from many threads, and what to free afterwards. */
    private abstract static class Subject implements AutoCloseable {
        Function<NdArray, NdArray> call;
    }

    private static final class PredictorSubject extends Subject {
        private final Sequential architecture;
        private final Predictor predictor;

        PredictorSubject(BenchmarkNetwork network, String backend, BenchmarkOptions options) {
            Backend engine = Backends.get(backend);
            boolean plans = Boolean.parseBoolean(options.text("plans", "true"));
            PredictorSettings.Builder settings = PredictorSettings.builder()
                    .backend(plans ? engine : WithoutInferencePlans.of(engine))
                    .maxBatchSize(options.integer("max-batch", 32))
                    .maxWait(options.milliseconds("max-wait-ms", 1))
                    .queueCapacity(1024).timeout(Duration.ofSeconds(60));
            String strategy = options.text("strategy", "default");
            if (!strategy.equals("default")) {
                settings.strategy(Predictor.Strategy.valueOf(strategy));
            }
            architecture = network.build();
            predictor = Predictor.fromWeights(architecture, Path.of(options.required("weights")), settings.build());
            call = predictor::predict;
        }

        @Override
        public void close() {
            predictor.close();
            architecture.close();
        }
    }

    /**
     * ONNX Runtime: one session, shared by the client threads ({@code OrtSession.run} is thread-safe), intra-op
     * threads as given, one inter-op thread, all graph optimisations. Each call wraps the request's values in an
     * input tensor (ids widened to int64, as PyTorch's embedding exports them) and copies the output out, as the
     * predictor does.
     */
    private static final class OnnxRuntimeSubject extends Subject {
        private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
        private final OrtSession session;

        OnnxRuntimeSubject(Path model, int threads) throws OrtException {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(threads);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = environment.createSession(model.toString(), options);
            }
            String input = session.getInputNames().iterator().next();
            call = x -> {
                long[] shape = Arrays.stream(x.shape().dims()).asLongStream().toArray();
                try (OnnxTensor tensor = x.dataType() == dev.seqconv.api.ndarray.DataType.INT32
                        ? OnnxTensor.createTensor(environment, widen(x.toIntArray()), shape)
                        : OnnxTensor.createTensor(environment, FloatBuffer.wrap(x.toFloatArray()), shape);
                     OrtSession.Result result = session.run(Map.of(input, tensor))) {
                    OnnxTensor out = (OnnxTensor) result.get(0);
                    FloatBuffer values = out.getFloatBuffer();
                    float[] copy = new float[values.remaining()];
                    values.get(copy);
                    long[] outShape = out.getInfo().getShape();
                    int[] dims = new int[outShape.length];
                    for (int i = 0; i < dims.length; i++) {
                        dims[i] = Math.toIntExact(outShape[i]);
                    }
                    return NdArray.wrapFloats(Shape.of(dims), copy);
                } catch (OrtException e) {
                    throw new IllegalStateException(e);
                }
            };
        }

        private static LongBuffer widen(int[] ids) {
            long[] wide = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                wide[i] = ids[i];
            }
            return LongBuffer.wrap(wide);
        }

        @Override
        public void close() throws OrtException {
            session.close();
        }
    }
}
