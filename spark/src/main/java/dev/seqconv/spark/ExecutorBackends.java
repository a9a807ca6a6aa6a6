package dev.seqconv.spark;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.spi.Backend;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.spark.SparkEnv;

/** The backend a Spark task runs on, resolved in the JVM the task runs in, with errors that name that JVM. */
final class ExecutorBackends {

    private ExecutorBackends() {
    }

    /**
     * The backend named {@code name}, or the one {@link Backends#select()} picks when {@code name} is null.
     *
     * @throws SparkBackendException naming the executor and host, the backend and the cause, when this JVM has no
     *                               such backend or its natives do not load
     */
    static Backend resolve(String name) {
        try {
            return name == null ? Backends.select() : Backends.get(name);
        } catch (RuntimeException | LinkageError e) {
            String backend = name == null ? "the default backend" : "backend '" + name + "'";
            throw new SparkBackendException(where() + " cannot use " + backend + ": " + e.getMessage() + ". Put the "
                    + "backend's jar (seqconv-backend-nd4j or seqconv-backend-tensorflow, with its natives for this "
                    + "platform) on the executors' classpath, e.g. spark-submit --jars or --packages", e);
        }
    }

    /** {@code executor 3 on host worker-7}, or {@code the driver on host ...}. */
    static String where() {
        SparkEnv env = SparkEnv.get();
        String who = env == null || "driver".equals(env.executorId()) ? "The driver" : "Executor " + env.executorId();
        return who + " on host " + hostName();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }
}
