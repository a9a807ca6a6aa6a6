package dev.seqconv.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * The Spark sessions of the tests (of this module and the Spark example module's), on this machine: one at a time
 * per JVM, reused by test classes that ask for the same master and replaced for another (Spark ignores the master
 * of a second {@code getOrCreate}); Spark stops the last when the JVM exits.
 */
public final class LocalSpark {

    private LocalSpark() {
    }

    /** Two task threads, each task tried once. */
    public static SparkSession session() {
        return session("local[2]");
    }

    /**
     * Executors in JVMs of their own (Spark's {@code local-cluster} mode: {@code workers} workers with one core and
     * 1.5 GB each), on this JVM's classpath. Spark's launcher wants a Spark home with a {@code jars} folder, and
     * the Scala version: the build's surefire configuration names them in the environment variables
     * {@code SPARK_HOME} and {@code SPARK_SCALA_VERSION}, and the folder is made here, empty.
     */
    public static SparkSession cluster(int workers) {
        String home = System.getenv("SPARK_HOME");
        if (home == null) {
            throw new IllegalStateException("local-cluster mode needs SPARK_HOME set to a writable folder");
        }
        try {
            Files.createDirectories(Path.of(home, "jars"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot make " + home + "/jars for local-cluster mode", e);
        }
        return session("local-cluster[" + workers + ",1,1536]");
    }

    /** A session with this master: the running one if it has it, else a new one after stopping the running one. */
    public static synchronized SparkSession session(String master) {
        Option<SparkSession> running = SparkSession.getDefaultSession();
        if (running.isDefined() && !running.get().sparkContext().master().equals(master)) {
            running.get().stop();
        }
        return SparkSession.builder().master(master).appName("seqconv-spark-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE")
                .config("spark.executorEnv.TF_CPP_MIN_LOG_LEVEL", "2")
                .getOrCreate();
    }
}
