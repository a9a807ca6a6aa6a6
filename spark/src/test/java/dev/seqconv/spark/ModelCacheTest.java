package dev.seqconv.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.ndarray.NdArray;
import dev.seqconv.api.ndarray.Shape;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The executors' model cache: a model is loaded once per JVM and backend however many tasks and jobs score with
 * it, until released or evicted; a model in use is closed only when its last task ends; an unknown backend names
 * the host.
 */
class ModelCacheTest {

    private final SparkSession spark = LocalSpark.session();

    @BeforeEach
    void emptyCache() {
        SparkScoring.releaseModels();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nd4j", "tensorflow"})
    void aModelIsLoadedOncePerJvmAndBackendAcrossTasksAndJobs(String backend) {
        try (Sequential model = ScoringNetworks.ids(21)) {
            SparkScoring scoring = SparkScoring.builder(ScoringNetworks.archive(model))
                    .features(FeatureColumn.tokenIds("ids")).backend(backend).batchSize(8).build();
            Dataset<Row> table = table(200, 8);
            long before = ExecutorModels.loads();

            assertThat(scoring.score(table).count()).isEqualTo(200);
            assertThat(scoring.score(table).collectAsList()).hasSize(200);
            assertThat(ExecutorModels.loads() - before).as("loads for 2 jobs of 8 tasks on 2 threads").isEqualTo(1);

            assertThat(SparkScoring.releaseModels()).isEqualTo(1);
            assertThat(scoring.score(table).count()).isEqualTo(200);
            assertThat(ExecutorModels.loads() - before).as("loads after releasing the cache").isEqualTo(2);
        }
    }

    @Test
    void anUnknownBackendFailsTheTaskNamingTheHostAndTheFix() {
        try (Sequential model = ScoringNetworks.ids(22)) {
            SparkScoring scoring = SparkScoring.builder(ScoringNetworks.archive(model))
                    .features(FeatureColumn.tokenIds("ids")).backend("no-such-backend").build();
            Dataset<Row> scored = scoring.score(table(4, 1));

            assertThatThrownBy(scored::collectAsList)
                    .hasMessageContaining(SparkBackendException.class.getName())
                    .hasMessageContaining("on host ")
                    .hasMessageContaining("cannot use backend 'no-such-backend'")
                    .hasMessageContaining("executors' classpath");
        }
    }

    @Test
    void aRetiredModelServesTheTasksHoldingItThenCloses() {
        byte[] archive = archive(23);
        ExecutorModels.Lease held = ExecutorModels.acquire("held", () -> load(archive));

        assertThat(SparkScoring.releaseModels()).isEqualTo(1);
        assertThat(held.model().predict(sample())).hasSize(1);
        held.close();
        assertThatThrownBy(() -> held.model().predict(sample())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void theCacheKeepsTheMostRecentlyUsedModelsUpToItsCapacity() {
        byte[] archive = archive(24);
        long before = ExecutorModels.loads();
        List<ScoringModel> models = new ArrayList<>();
        for (int i = 0; i <= ExecutorModels.CAPACITY; i++) {
            try (ExecutorModels.Lease lease = ExecutorModels.acquire("model " + i, () -> load(archive))) {
                models.add(lease.model());
            }
        }

        assertThat(ExecutorModels.loads() - before).isEqualTo(ExecutorModels.CAPACITY + 1);
        assertThatThrownBy(() -> models.get(0).predict(sample())).isInstanceOf(IllegalStateException.class);
        try (ExecutorModels.Lease lease = ExecutorModels.acquire("model 1", () -> load(archive))) {
            assertThat(lease.model()).isSameAs(models.get(1));
            assertThat(lease.model().predict(sample())).hasSize(1);
        }
        assertThat(ExecutorModels.loads() - before).isEqualTo(ExecutorModels.CAPACITY + 1);
    }

    private Dataset<Row> table(int rows, int partitions) {
        List<Row> values = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            values.add(RowFactory.create(List.of(1 + i % 40, 2, 3)));
        }
        StructType schema = new StructType().add("ids", DataTypes.createArrayType(DataTypes.IntegerType), true);
        return spark.createDataFrame(values, schema).repartition(partitions);
    }

    private static byte[] archive(long seed) {
        try (Sequential model = ScoringNetworks.ids(seed)) {
            return ScoringNetworks.archive(model);
        }
    }

    private static ScoringModel load(byte[] archive) {
        return ScoringModel.load(archive, Backends.get("nd4j"), 4);
    }

    private static NdArray sample() {
        return NdArray.wrapInts(Shape.of(1, ScoringNetworks.LENGTH), new int[ScoringNetworks.LENGTH]);
    }
}
