package dev.seqconv.spark;

import dev.seqconv.api.callbacks.Logs;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.network.ModelWeights;
import dev.seqconv.api.training.ShardGradients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The all-reduce of the {@code N} tasks of a barrier segment: each step, every task's shard gradients become the
 * combined gradients of the global batch in every task, bit for bit those of {@link ShardGradients#combine}.
 *
 * <p>The weights' arrays, flattened in the model's order to {@code L} floats, are cut into {@code N} chunks
 * {@code [⌊jL/N⌋, ⌊(j+1)L/N⌋)}; task {@code j} owns chunk {@code j}. Reduce-scatter: task {@code j} receives the
 * raw floats of chunk {@code j} of every shard, with its sample count {@code n_k} and figures, sums
 * {@code Σ_k (n_k/B) g_k} over its chunk in double, shards in partition order, empty shards left out, and rounds
 * to float — {@code combine}'s arithmetic element by element. All-gather: the reduced chunks reach every task.
 * How the chunks travel is the {@link Algorithm}: directly (all-to-all, {@code 2(N−1)} messages a step) or by
 * recursive halving and doubling ({@code 2·log2 N} messages, for {@code N} a power of two); chosen by {@code N}
 * and {@code L} ({@link Algorithm#forExchange}).
 *
 * <p>Transport: one TCP connection per ordered pair of tasks ({@link SocketChannel}s), each message one write of
 * its length and contents from a direct buffer kept per peer and grown only when a message needs more (a step
 * allocates no send or receive buffer, and the bytes go between the buffers and the kernel without a copy through
 * the heap), little-endian, floats without their runs of zeros ({@link ZeroRunFloats}: untouched Embedding rows
 * stay home), addresses learnt once through an all-gather ({@link Rendezvous} on the driver); a sender thread per
 * peer writes (blocking) while the task reads, each incoming connection non-blocking behind a {@link Selector} of
 * its own, so that every read and connect waits at most the timeout and then fails the task with a message naming
 * the peer; {@link #close} closes every connection, so a failed task's peers fail at once too and Spark retries the
 * stage.
 *
 * <p>A step allocates no array of the gradients' size but those of the combined gradients it returns: the flattened
 * and combined gradients and the received parts' floats live in arrays kept from step to step (a few MB a step of
 * short-lived arrays, each a humongous object to G1, set off a young collection and a concurrent cycle every step
 * or two).
 *
 * <p>Public for the benchmarks, which run its tasks in JVMs of their own ({@code ExchangeBenchmark}); training
 * reaches it through {@link GradientExchange#BARRIER_SEGMENTS} only.
 */
public final class ShardExchange implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ShardExchange.class.getName());

    private final int self;
    private final int tasks;
    private final Duration timeout;
    private final ServerSocketChannel server;
    private final SocketChannel[] outgoing;
    private final SocketChannel[] incoming;
    /** Per peer, the selector of its incoming connection, for reads that wait at most the timeout. */
    private final Selector[] readable;
    /** Per peer, the buffer of the messages sent to it ({@link #message}). */
    private final ByteBuffer[] sending;
    /** Per peer, the buffer of the messages received from it ({@link #receive}). */
    private final ByteBuffer[] receiving;
    /** The flattened gradients of this task's shard, kept from step to step. */
    private float[] flat = new float[0];
    /** The combined gradients, flattened, kept from step to step. */
    private float[] combined = new float[0];
    /** Per peer, the arrays its parts' floats are read into ({@link #receiveParts}), kept from step to step. */
    private final List<List<float[]>> partValues = new ArrayList<>();
    /** The length in front of a message, read before the message itself. */
    private final ByteBuffer lengthRead = ByteBuffer.allocateDirect(4).order(ZeroRunFloats.ORDER);
    private final ExecutorService senders;
    /** The algorithm, chosen at the first step where it was not given. */
    private Algorithm algorithm;

    /** How the chunks travel between the tasks; both give the same bits. */
    public enum Algorithm {

        /** All-to-all: {@code 2(N−1)} messages and {@code 2(N−1)/N · L} floats sent per task and step; any N. */
        DIRECT(new DirectAllReduce()),

        /**
         * Recursive halving (raw floats forwarded, reduced at the end) then recursive doubling: {@code 2·log2 N}
         * messages and {@code ((log2 N)/2 + (N−1)/N) · L} floats sent per task and step; {@code N} a power of two.
         */
        HALVING_DOUBLING(new HalvingDoublingAllReduce());

        /** ms per message of {@link #DIRECT}, its messages counted one after another (measured, loopback). */
        private static final double DIRECT_MESSAGE_MS = 0.07;
        /** ms per round of {@link #HALVING_DOUBLING} (measured, loopback). */
        private static final double ROUND_MS = 0.16;
        /** CPU ms per MB a task sends, either algorithm (measured, loopback). */
        private static final double MS_PER_MB_SENT = 1.6;

        private final AllReduce steps;

        Algorithm(AllReduce steps) {
            this.steps = steps;
        }

        /**
         * The faster algorithm for {@code tasks} tasks exchanging {@code floats} floats, by the costs measured
         * between JVMs on loopback ({@code ExchangeBenchmark}, {@code docs/scaling.md}): halving and doubling
         * saves {@code 2(N−1)} messages' cost less {@code 2·log2 N} rounds' and sends
         * {@code ((log2 N)/2 − (N−1)/N) · L} floats more, so it wins for small gradients at large {@code N} only
         * (the Jena network's 55 KB from 16 tasks on, the IMDB network's 5.26 MB never).
         */
        public static Algorithm forExchange(int tasks, long floats) {
            if (tasks < 4 || Integer.bitCount(tasks) != 1) {
                return DIRECT;
            }
            double megabytes = 4e-6 * floats;
            double rounds = 2 * (31 - Integer.numberOfLeadingZeros(tasks));
            double gathered = (tasks - 1.0) / tasks;
            double direct = 2 * (tasks - 1) * DIRECT_MESSAGE_MS + 2 * gathered * megabytes * MS_PER_MB_SENT;
            double halving = rounds * ROUND_MS + (rounds / 4 + gathered) * megabytes * MS_PER_MB_SENT;
            return halving < direct ? HALVING_DOUBLING : DIRECT;
        }
    }

    private ShardExchange(int self, int tasks, Duration timeout, ServerSocketChannel server, Algorithm algorithm) {
        this.self = self;
        this.algorithm = algorithm;
        this.tasks = tasks;
        this.timeout = timeout;
        this.server = server;
        this.outgoing = new SocketChannel[tasks];
        this.incoming = new SocketChannel[tasks];
        this.readable = new Selector[tasks];
        this.sending = new ByteBuffer[tasks];
        this.receiving = new ByteBuffer[tasks];
        Arrays.fill(sending, ByteBuffer.allocateDirect(0));
        Arrays.fill(receiving, ByteBuffer.allocateDirect(0));
        for (int peer = 0; peer < tasks; peer++) {
            partValues.add(new ArrayList<>());
        }
        this.senders = Executors.newFixedThreadPool(Math.max(1, tasks - 1), r -> {
            Thread t = new Thread(r, "seqconv-exchange-" + self);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects task {@code self} of {@code tasks} to the others: opens a server socket on {@code host}, learns the
     * others' addresses through {@code allGather} (every task's own address in, all of them in task order out),
     * connects to each and accepts each one's connection. The algorithm is {@link Algorithm#forExchange}'s for the
     * gradients of the first step, logged by task 0.
     */
    static ShardExchange open(int self, int tasks, String host, Duration timeout, AllGather allGather) {
        return open(self, tasks, host, timeout, allGather, null);
    }

    /** {@link #open(int, int, String, Duration, AllGather)} with {@code algorithm}, or the automatic one if null. */
    public static ShardExchange open(int self, int tasks, String host, Duration timeout, AllGather allGather,
                                     Algorithm algorithm) {
        if (algorithm == Algorithm.HALVING_DOUBLING && Integer.bitCount(tasks) != 1) {
            throw new IllegalArgumentException("HALVING_DOUBLING needs a power of two of tasks, got " + tasks
                    + ": use DIRECT, or null for the automatic choice");
        }
        ServerSocketChannel server = null;
        ShardExchange exchange = null;
        try {
            server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getByName(host), 0), tasks);
            server.socket().setSoTimeout(millis(timeout));
            exchange = new ShardExchange(self, tasks, timeout, server, algorithm);
            String[] addresses = allGather.apply(host + ":" + server.socket().getLocalPort());
            exchange.connect(addresses);
            return exchange;
        } catch (IOException e) {
            closeQuietly(exchange, server);
            throw new UncheckedIOException("Task " + self + " of a barrier segment could not connect to the others: "
                    + e.getMessage() + ". The executors must reach each other on any TCP port of their hosts", e);
        } catch (RuntimeException e) {
            closeQuietly(exchange, server);
            throw e;
        }
    }

    /** An all-gather of the tasks' addresses: this task's in, every task's out in task order. */
    @FunctionalInterface
    public interface AllGather {
        String[] apply(String message);
    }

    private void connect(String[] addresses) throws IOException {
        for (int peer = 0; peer < tasks; peer++) {
            if (peer == self) {
                continue;
            }
            String address = addresses[peer];
            int colon = address.lastIndexOf(':');
            SocketChannel channel = SocketChannel.open();
            outgoing[peer] = channel;
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress(address.substring(0, colon),
                    Integer.parseInt(address.substring(colon + 1))), millis(timeout));
            write(channel, ByteBuffer.allocate(4).order(ZeroRunFloats.ORDER).putInt(0, self));
        }
        for (int accepted = 0; accepted < tasks - 1; accepted++) {
            SocketChannel channel;
            try {
                channel = server.socket().accept().getChannel();
            } catch (SocketTimeoutException e) {
                throw new IOException("only " + accepted + " of the " + (tasks - 1) + " other tasks connected within "
                        + timeout.toSeconds() + " s", e);
            }
            Selector selector = Selector.open();
            channel.configureBlocking(false).register(selector, SelectionKey.OP_READ);
            ByteBuffer announced = ByteBuffer.allocate(4).order(ZeroRunFloats.ORDER);
            try {
                readFully(channel, selector, announced, "a task connecting");
            } catch (IOException e) {
                selector.close();
                channel.close();
                throw e;
            }
            int peer = announced.getInt(0);
            if (peer < 0 || peer >= tasks || peer == self || incoming[peer] != null) {
                selector.close();
                channel.close();
                throw new IOException("a connection announced itself as task " + peer + ", which is not expected");
            }
            incoming[peer] = channel;
            readable[peer] = selector;
        }
    }

    /**
     * The combined gradients of the step whose shard here is {@code part}: {@link ShardGradients#combine} of every
     * task's part in task order, in every task.
     *
     * @param layout the model's weights, for the names, shapes and order of the gradients (an empty shard has none)
     */
    public ShardGradients allReduce(ShardGradients part, ModelWeights layout) {
        List<NdArray> arrays = layout.toList();
        int[] offsets = new int[arrays.size() + 1];
        for (int i = 0; i < arrays.size(); i++) {
            offsets[i + 1] = Math.addExact(offsets[i], Math.toIntExact(arrays.get(i).shape().size()));
        }
        int length = offsets[arrays.size()];
        if (combined.length != length) {
            flat = new float[length];
            combined = new float[length];
        }
        if (part.samples() > 0) {
            flatten(part.gradients(), layout, flat);
        }
        if (algorithm == null) {
            algorithm = Algorithm.forExchange(tasks, length);
            if (self == 0) {
                LOG.log(System.Logger.Level.INFO, "Barrier tasks all-reduce {0} floats by {1} between {2} tasks",
                        length, algorithm, tasks);
            }
        }
        AllReduce.Reduced reduced;
        try {
            reduced = algorithm.steps.reduce(new ShardPart(self, part.samples(), part.figures(),
                    part.samples() == 0 ? null : flat, 0), combined, this);
        } catch (IOException e) {
            throw new UncheckedIOException("Task " + self + " of a barrier segment lost its exchange: "
                    + e.getMessage() + " (a failed peer fails the stage; Spark retries it from the segment's start)", e);
        }
        List<Logs> filledFigures = new ArrayList<>();
        List<Integer> filledSamples = new ArrayList<>();
        int total = 0;
        for (int k = 0; k < tasks; k++) {
            if (reduced.samples()[k] > 0) {
                filledFigures.add(reduced.figures()[k]);
                filledSamples.add(reduced.samples()[k]);
                total += reduced.samples()[k];
            }
        }
        int[] index = {0};
        ModelWeights gradients = layout.map((layer, weight, array) -> {
            int w = index[0]++;
            return NdArray.wrapFloats(array.shape(), Arrays.copyOfRange(combined, offsets[w], offsets[w + 1]));
        });
        return new ShardGradients(total, Logs.weightedMean(filledFigures, filledSamples), gradients);
    }

    /** This task's index. */
    int self() {
        return self;
    }

    /** How many tasks exchange. */
    int tasks() {
        return tasks;
    }

    /**
     * Sends {@code parts}' floats {@code [from, to)} of the flattened gradients, with their shards, samples and
     * figures, to task {@code peer}, on a sender thread; {@link #await} the result.
     */
    Future<?> sendParts(int peer, List<ShardPart> parts, int from, int to) {
        return senders.submit(() -> {
            int capacity = 12;
            for (ShardPart part : parts) {
                capacity += 13 + ZeroRunFloats.maxBytes(to - from);
                for (String name : part.figures().asMap().keySet()) {
                    capacity += 12 + 3 * name.length();
                }
            }
            ByteBuffer message = message(peer, capacity);
            message.putInt(from).putInt(to).putInt(parts.size());
            for (ShardPart part : parts) {
                message.putInt(part.shard()).putInt(part.samples());
                Map<String, Double> figures = part.figures().asMap();
                message.putInt(figures.size());
                for (Map.Entry<String, Double> figure : figures.entrySet()) {
                    byte[] name = figure.getKey().getBytes(StandardCharsets.UTF_8);
                    message.putInt(name.length).put(name).putDouble(figure.getValue());
                }
                message.put((byte) (part.values() == null ? 0 : 1));
                if (part.values() != null) {
                    ZeroRunFloats.write(message, part.values(), from - part.offset(), to - part.offset());
                }
            }
            send(peer, message);
            return null;
        });
    }

    /**
     * What task {@code peer} sent with {@link #sendParts}, each part's values at the range's offset, in arrays kept
     * per peer: valid until the next receive from {@code peer}.
     */
    List<ShardPart> receiveParts(int peer) throws IOException {
        ByteBuffer message = receive(peer);
        try {
            int from = message.getInt();
            int to = message.getInt();
            int count = message.getInt();
            if (to < from) {
                throw malformed(peer, null);
            }
            List<ShardPart> parts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int shard = message.getInt();
                int samples = message.getInt();
                Map<String, Double> figures = new LinkedHashMap<>();
                for (int figure = message.getInt(); figure > 0; figure--) {
                    int size = message.getInt();
                    if (size < 0 || size > message.remaining()) {
                        throw malformed(peer, null);
                    }
                    byte[] name = new byte[size];
                    message.get(name);
                    figures.put(new String(name, StandardCharsets.UTF_8), message.getDouble());
                }
                float[] values = null;
                if (message.get() != 0) {
                    values = partValues(peer, i, to - from);
                    ZeroRunFloats.read(message, values, 0, to - from);
                }
                parts.add(new ShardPart(shard, samples, new Logs(figures), values, from));
            }
            return parts;
        } catch (BufferUnderflowException e) {
            throw malformed(peer, e);
        }
    }

    /** Part {@code part}'s array of the floats from task {@code peer}, of {@code count} floats at least. */
    private float[] partValues(int peer, int part, int count) {
        List<float[]> arrays = partValues.get(peer);
        while (arrays.size() <= part) {
            arrays.add(new float[0]);
        }
        if (arrays.get(part).length < count) {
            arrays.set(part, new float[count]);
        }
        return arrays.get(part);
    }

    /** Sends {@code values[from, to)} to task {@code peer}, on a sender thread; {@link #await} the result. */
    Future<?> sendFloats(int peer, float[] values, int from, int to) {
        return senders.submit(() -> {
            ByteBuffer message = message(peer, 8 + ZeroRunFloats.maxBytes(to - from));
            message.putInt(from).putInt(to);
            ZeroRunFloats.write(message, values, from, to);
            send(peer, message);
            return null;
        });
    }

    /** Reads into {@code into[from, to)} what task {@code peer} sent with {@link #sendFloats} for that range. */
    void receiveFloats(int peer, float[] into, int from, int to) throws IOException {
        ByteBuffer message = receive(peer);
        try {
            int sentFrom = message.getInt();
            int sentTo = message.getInt();
            if (sentFrom != from || sentTo != to) {
                throw new IOException("task " + peer + " sent floats [" + sentFrom + ", " + sentTo + ") where ["
                        + from + ", " + to + ") was expected: the tasks disagree on the model or the algorithm");
            }
            ZeroRunFloats.read(message, into, from, to - from);
        } catch (BufferUnderflowException e) {
            throw malformed(peer, e);
        }
    }

    /**
     * The buffer of the next message to task {@code peer}, with room for {@code capacity} bytes after the message's
     * length: one direct buffer per peer, grown when a message needs more, so that a step allocates none. A peer's
     * previous send has completed ({@link #await}) before its next begins.
     */
    private ByteBuffer message(int peer, int capacity) {
        if (sending[peer].capacity() < 4 + capacity) {
            sending[peer] = ByteBuffer.allocateDirect(4 + capacity).order(ZeroRunFloats.ORDER);
        }
        return sending[peer].clear().position(4);
    }

    /** Sends the message in {@code message}'s buffer up to its position, its length in front. */
    private void send(int peer, ByteBuffer message) throws IOException {
        message.putInt(0, message.position() - 4).flip();
        write(outgoing[peer], message);
    }

    private static void write(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** The next message from task {@code peer}, in its peer's receive buffer (valid until the next receive). */
    private ByteBuffer receive(int peer) throws IOException {
        String who = "task " + peer;
        readFully(incoming[peer], readable[peer], lengthRead.clear(), who);
        int length = lengthRead.getInt(0);
        if (length < 0) {
            throw malformed(peer, null);
        }
        if (receiving[peer].capacity() < length) {
            receiving[peer] = ByteBuffer.allocateDirect(length).order(ZeroRunFloats.ORDER);
        }
        ByteBuffer message = receiving[peer].clear().limit(length);
        readFully(incoming[peer], readable[peer], message, who);
        return message.flip();
    }

    private static IOException malformed(int peer, RuntimeException cause) {
        return new IOException("task " + peer + " sent a malformed message: the tasks run different versions of the "
                + "exchange", cause);
    }

    private static void flatten(ModelWeights gradients, ModelWeights layout, float[] flat) {
        int[] at = {0};
        layout.map((layer, weight, array) -> {
            NdArray g = gradients.get(layer, weight);
            if (!g.shape().equals(array.shape())) {
                throw new IllegalArgumentException("The gradient of " + layer + "/" + weight + " has shape "
                        + g.shape() + ", the weight " + array.shape());
            }
            FloatBuffer values = g.floatBuffer();
            int size = values.remaining();
            values.get(flat, at[0], size);
            at[0] += size;
            return array;
        });
    }

    /**
     * Fills {@code into} from {@code channel} (non-blocking), waiting on its {@code selector} at most the timeout for
     * more bytes; {@code who} names the sender in the errors.
     */
    private void readFully(SocketChannel channel, Selector selector, ByteBuffer into, String who) throws IOException {
        while (into.hasRemaining()) {
            int read = channel.read(into);
            if (read < 0) {
                throw new IOException(who + " closed its connection mid-step: it failed");
            }
            if (read == 0) {
                long waited = System.nanoTime();
                while (selector.select(millis(timeout)) == 0) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new IOException("interrupted while receiving from " + who + " (the task was killed)");
                    }
                    if (System.nanoTime() - waited >= timeout.toNanos()) {
                        throw new IOException(who + " sent nothing for " + timeout.toSeconds() + " s (raise "
                                + "SparkTraining.Builder.exchangeTimeout if its steps are that slow)");
                    }
                }
                selector.selectedKeys().clear();
            }
        }
    }

    /** Waits for {@code sends} to complete, each at most the timeout. */
    void await(List<Future<?>> sends) throws IOException {
        for (Future<?> send : sends) {
            try {
                send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new IOException("a send did not complete within " + timeout.toSeconds() + " s", e);
            } catch (ExecutionException e) {
                throw new IOException("a send failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending (the task was killed)", e);
            }
        }
    }

    private static int millis(Duration timeout) {
        return Math.toIntExact(timeout.toMillis());
    }

    private static void closeQuietly(ShardExchange exchange, ServerSocketChannel server) {
        if (exchange != null) {
            exchange.close();
        } else if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closing on the way out of a failure: the failure is what is reported
            }
        }
    }

    /** Closes every connection and the server socket; the peers' reads end at once. */
    @Override
    public void close() {
        senders.shutdownNow();
        List<AutoCloseable> closing = new ArrayList<>(List.of(server));
        for (int peer = 0; peer < tasks; peer++) {
            if (outgoing[peer] != null) {
                closing.add(outgoing[peer]);
            }
            if (incoming[peer] != null) {
                closing.add(incoming[peer]);
            }
            if (readable[peer] != null) {
                closing.add(readable[peer]);
            }
        }
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: the rest are closed still
            }
        }
    }
}
