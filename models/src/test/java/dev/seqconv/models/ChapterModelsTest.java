package dev.seqconv.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.model.Sequential;
import org.junit.jupiter.api.Test;

class ChapterModelsTest {

    private final ChapterModels models = new ChapterModels();

    @Test
    void everyModelBuildsWithItsBooksSettings() {
        assertThat(models.all()).extracting(ChapterModel::id).containsExactly("imdb-conv1d", "imdb-conv1d-sigmoid",
                "imdb-lstm", "jena-conv1d", "jena-conv-gru", "jena-gru", "jena-gru-regularized");
        for (ChapterModel m : models.all()) {
            try (Sequential network = m.build(1)) {
                assertThat(network.parameterCount()).as(m.id()).isPositive();
            }
        }
        ChapterModel book = models.get("imdb-conv1d");
        assertThat(book.training().epochs()).isEqualTo(10);
        assertThat(book.training().batchSize()).isEqualTo(128);
        assertThat(book.training().validationSplit()).isEqualTo(0.2);
        assertThat(book.note()).get().asString().contains("imdb-conv1d-sigmoid");
        assertThat(models.get("jena-gru-regularized").training().epochs()).isEqualTo(40);
        assertThat(models.get("jena-conv-gru").data()).isEqualTo(ChapterModel.Data.JENA_6_4);
        try (Sequential lstm = models.get("imdb-lstm").build(1)) {
            assertThat(lstm.parameterCount()).isEqualTo(10_000 * 32 + 4 * 32 * (32 + 32) + 4 * 32 + 33);
        }
    }

    @Test
    void anUnknownNameListsTheModels() {
        assertThatThrownBy(() -> models.get("imdb")).hasMessageContaining("Unknown model 'imdb'")
                .hasMessageContaining("jena-conv-gru");
    }
}
