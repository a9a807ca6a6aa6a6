package dev.seqconv.spark;

import org.apache.spark.sql.SparkSession;

/** One local Spark with two task threads for all the tests of this JVM; Spark stops it when the JVM exits. */
final class LocalSpark {

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("seqconv-spark-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }
}
