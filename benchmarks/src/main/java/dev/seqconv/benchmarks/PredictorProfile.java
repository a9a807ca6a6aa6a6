package dev.seqconv.benchmarks;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.inference.Predictor;
import dev.seqconv.api.inference.PredictorSettings;
import dev.seqconv.api.inference.SessionProfile;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.random.SeededRandom;
import dev.seqconv.api.ops.Variable;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.CompiledFunction;
import dev.seqconv.api.spi.Executor;
import dev.seqconv.api.spi.FunctionDefinition;
import dev.seqconv.api.spi.GruKernel;
import dev.seqconv.api.spi.Kernels;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where the time of one batch-1 prediction goes, single-threaded, per network and backend: the phases a
 * {@link Predictor} call runs, each timed alone over the same requests (median µs): the input checks
 ({@link SessionProfile#checkInputs}), the copy of the request into an engine tensor and of the (1, 1) output
 * back (the backend's own conversion functions, reached by reflection), the engine call
 * ({@link SessionProfile#run}: copy in, engine, copy out), and the whole {@code Predictor.predict} with each
 * strategy; the engine's own time is the engine call less the copies, the predictor's overhead the whole call
 * less checks and engine call. For TensorFlow it also
 * counts the operations in the prediction graph. For engines that run the kernels at each call (ND4J), a second
 * table splits the engine call by kernel: the prediction function run through a timing proxy of the engine's
 * {@link Kernels} (µs per kernel call and per prediction, means over the timed calls); TensorFlow calls its
 * kernels only while tracing the graph, so it has no such table.
 *
 * <p>Arguments: {@code --networks imdb,jena-conv-gru --backends nd4j,tensorflow --calls 2000 --warmup 2000}.
 */
public final class PredictorProfile {

    private PredictorProfile() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse(args);
        List<String> networks = options.list("networks", "imdb,jena-conv-gru");
        List<String> backends = options.backends();
        int calls = options.integer("calls", 2000);
        int warmup = options.integer("warmup", 2000);
        Predictor.Strategy[] strategies = Predictor.Strategy.values();
        System.out.printf(Locale.ROOT, "Batch-1 predict, phase by phase, median µs over %d calls after %d of warm-up, "
                + "%d cores%n%n| network | backend | checks | copy in | engine | copy out | engine call | %s"
                + "graph ops |%n| --- | --- | ---: | ---: | ---: | ---: | ---: | %s---: |%n", calls, warmup,
                Runtime.getRuntime().availableProcessors(),
                Arrays.stream(strategies).map(s -> "Predictor " + s + " | ").collect(Collectors.joining()),
                "---: | ".repeat(strategies.length));
        StringBuilder kernelTable = new StringBuilder();
        for (String id : networks) {
            BenchmarkNetwork network = BenchmarkNetwork.named(id);
            NdArray pool = network.data(ServeWorker.POOL_SIZE, new SeededRandom(ServeWorker.POOL_SEED))[0];
            List<NdArray> requests = new ArrayList<>();
            for (int i = 0; i < pool.length(); i++) {
                requests.add(pool.rows(i, i + 1));
            }
            for (String backendId : backends) {
                Backend backend = Backends.get(backendId);
                try (Sequential model = network.build()) {
                    Copies copies = Copies.of(backendId);
                    double checking;
                    double copyIn;
                    double copyOut;
                    double engineCall;
                    String ops;
                    try (SessionProfile session = SessionProfile.of(model, backend)) {
                        NdArray output = session.run(requests.get(0));
                        checking = time(requests, warmup, calls, x -> {
                            session.checkInputs(x);
                            return null;
                        });
                        copyIn = time(requests, warmup, calls, copies::in);
                        copyOut = time(List.of(output), warmup, calls, copies::out);
                        engineCall = time(requests, warmup, calls, session::run);
                        ops = backendId.equals("tensorflow") ? Integer.toString(graphOps(session.executor())) : "—";
                    }
                    kernelTable.append(kernelTimes(network.title, backendId, backend, model, requests, warmup,
                            calls));
                    StringBuilder predictor = new StringBuilder();
                    for (Predictor.Strategy strategy : strategies) {
                        try (Predictor p = Predictor.of(model, PredictorSettings.builder().backend(backend)
                                .strategy(strategy).timeout(Duration.ofSeconds(60)).build())) {
                            predictor.append(String.format(Locale.ROOT, "%.0f | ",
                                    time(requests, warmup, calls, p::predict)));
                        }
                    }
                    System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %s%s |%n",
                            network.title, backendId, checking, copyIn, engineCall - copyIn - copyOut, copyOut,
                            engineCall, predictor, ops);
                }
            }
        }
        if (kernelTable.length() > 0) {
            System.out.printf(Locale.ROOT, "%nThe engine call by kernel (eager engines), per prediction%n%n"
                    + "| network | backend | kernel | calls | µs per call | µs per prediction |%n"
                    + "| --- | --- | --- | ---: | ---: | ---: |%n%s", kernelTable);
        }
    }

    /**
     * Table rows splitting one prediction by kernel: the prediction function, compiled on a fresh executor, runs
     * through a proxy of the engine's kernels that times each method. Empty when the engine calls no kernels at run
     * time (a traced graph).
     */
    private static String kernelTimes(String network, String backendId, Backend backend, Sequential model,
                                      List<NdArray> requests, int warmup, int calls) {
        Map<String, long[]> byKernel = new TreeMap<>();
        boolean[] timing = {false};
        try (Executor executor = backend.newExecutor()) {
            List<NdArray> weights = model.getWeights();
            List<Variable> variables = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                variables.add(executor.createVariable("w" + i, weights.get(i)));
            }
            FunctionDefinition predict = model.stack().predictFunction("predict", variables);
            CompiledFunction timed = executor.compile(new FunctionDefinition("timed", predict.inputs(),
                    (kernels, in) -> predict.body().apply(timingProxy(kernels, byKernel, timing), in)));
            for (int n = 0; n < warmup + calls; n++) {
                timing[0] = n >= warmup;
                timed.call(List.of(requests.get(n % requests.size())));
            }
        }
        StringBuilder rows = new StringBuilder();
        byKernel.forEach((kernel, stats) -> rows.append(String.format(Locale.ROOT,
                "| %s | %s | %s | %.1f | %.1f | %.1f |%n", network, backendId, kernel, stats[0] / (double) calls,
                stats[1] / 1e3 / stats[0], stats[1] / 1e3 / calls)));
        return rows.toString();
    }

    /**
     * {@code kernels} with each method's calls and nanoseconds added to {@code byKernel} while {@code timing[0]};
     * a fused kernel it offers ({@code gru()}) is timed the same way, as {@code gru.forward}.
     */
    private static Kernels timingProxy(Kernels kernels, Map<String, long[]> byKernel, boolean[] timing) {
        return timed(Kernels.class, kernels, "", byKernel, timing);
    }

    @SuppressWarnings("unchecked")
    private static <T> T timed(Class<T> type, T target, String prefix, Map<String, long[]> byKernel,
                               boolean[] timing) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, arguments) -> {
            long t = System.nanoTime();
            Object result;
            try {
                result = method.invoke(target, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (timing[0]) {
                long[] stats = byKernel.computeIfAbsent(prefix + method.getName(), name -> new long[2]);
                stats[0]++;
                stats[1] += System.nanoTime() - t;
            }
            if (method.getName().equals("gru") && result instanceof Optional<?> fused && fused.isPresent()) {
                return Optional.of(timed(GruKernel.class, (GruKernel) fused.get(), "gru.", byKernel, timing));
            }
            return result;
        });
    }

    /** A phase of a call. */
    private interface Phase {
        Object apply(NdArray x) throws Exception;
    }

    /** The median µs of {@code phase} over {@code calls} requests, after {@code warmup} untimed ones. */
    private static double time(List<NdArray> requests, int warmup, int calls, Phase phase) throws Exception {
        List<Double> micros = new ArrayList<>(calls);
        for (int n = 0; n < warmup + calls; n++) {
            NdArray x = requests.get(n % requests.size());
            long t = System.nanoTime();
            Object result = phase.apply(x);
            double elapsed = result instanceof Elapsed e ? e.nanos() / 1e3 : (System.nanoTime() - t) / 1e3;
            if (result instanceof AutoCloseable closeable && !(result instanceof NdArray)) {
                closeable.close();
            }
            if (n >= warmup) {
                micros.add(elapsed);
            }
        }
        return Measurements.median(micros);
    }

    /** The backend's conversions between the host's arrays and its tensors, as its executor calls them. */
    private record Copies(Method toEngine, Method toHost) {
        static Copies of(String backend) throws ReflectiveOperationException {
            if (backend.equals("tensorflow")) {
                Class<?> conversions = Class.forName("dev.seqconv.backend.tensorflow.TfConversions");
                return new Copies(accessible(conversions.getDeclaredMethod("toTensor", NdArray.class)),
                        accessible(conversions.getDeclaredMethod("toHost", Class.forName("org.tensorflow.Tensor"))));
            }
            Class<?> tensor = Class.forName("dev.seqconv.backend.nd4j.Nd4jTensor");
            return new Copies(accessible(tensor.getDeclaredMethod("toNd4j", NdArray.class)),
                    accessible(tensor.getDeclaredMethod("toHost", Class.forName("org.nd4j.linalg.api.ndarray.INDArray"))));
        }

        Object in(NdArray x) throws ReflectiveOperationException {
            return toEngine.invoke(null, x);
        }

        /** Copies {@code output} to the engine (untimed) and back (timed, the executor's copy out). */
        Object out(NdArray output) throws Exception {
            Object engine = toEngine.invoke(null, output);
            long t = System.nanoTime();
            toHost.invoke(null, engine);
            long elapsed = System.nanoTime() - t;
            if (engine instanceof AutoCloseable closeable) {
                closeable.close();
            }
            return new Elapsed(elapsed);
        }
    }

    /** A phase's own time, when it has to do untimed work first. */
    private record Elapsed(long nanos) {
    }

    /** The number of operations in a TensorFlow executor's graph (reflection into {@code TfExecutor}). */
    private static int graphOps(Executor executor) throws ReflectiveOperationException {
        Field graphField = accessible(executor.getClass().getDeclaredField("graph"));
        Object graph = graphField.get(executor);
        Iterator<?> operations = (Iterator<?>) graph.getClass().getMethod("operations").invoke(graph);
        int count = 0;
        for (; operations.hasNext(); operations.next()) {
            count++;
        }
        return count;
    }

    private static <T extends AccessibleObject> T accessible(T member) {
        member.setAccessible(true);
        return member;
    }
}
