package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class SparkSmokeTest {
    @Test
    void runs() throws Exception {
        try (SparkSession spark = SparkSession.builder().master("local[2]").appName("smoke").getOrCreate()) {
            assertThat(spark.createDataset(List.of(1, 2, 3), org.apache.spark.sql.Encoders.INT()).count()).isEqualTo(3);
        }
    }
}
