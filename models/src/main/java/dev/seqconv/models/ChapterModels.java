package dev.seqconv.models;

import dev.seqconv.api.layers.Dense;
import dev.seqconv.api.layers.Embedding;
import dev.seqconv.api.layers.LSTM;
import dev.seqconv.api.losses.BinaryCrossentropy;
import dev.seqconv.api.losses.MeanAbsoluteError;
import dev.seqconv.api.metrics.BinaryAccuracy;
import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.network.Input;
import dev.seqconv.api.ops.Activation;
import dev.seqconv.api.optimizers.RMSprop;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The registry of the chapter's networks, by name: what {@code seqconv train MODEL} accepts. */
public final class ChapterModels {

    private static final Training IMDB_CONV = new Training(new RMSprop(1e-4f), new BinaryCrossentropy(),
            List.of(new BinaryAccuracy()), 10, 128, 0.2, 0);
    private static final Training IMDB_LSTM = new Training(new RMSprop(), new BinaryCrossentropy(),
            List.of(new BinaryAccuracy()), 10, 128, 0.2, 0);

    private static final List<ChapterModel> MODELS = List.of(
            new ChapterModel("imdb-conv1d", "Listing 6.46: IMDB Conv1D network, as printed (Dense(1) without sigmoid)",
                    ChapterModel.Data.IMDB,
                    seed -> ImdbNetworks.conv1d(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, seed), IMDB_CONV,
                    Optional.of("This is the book's model as printed: its Dense(1) has no sigmoid, so binary "
                            + "cross-entropy sees raw outputs clipped to [1e-7, 1 - 1e-7] and learns only while they "
                            + "stay in that range. imdb-conv1d-sigmoid adds the missing activation.")),
            new ChapterModel("imdb-conv1d-sigmoid", "Listing 6.46 with Dense(1, activation='sigmoid')",
                    ChapterModel.Data.IMDB,
                    seed -> ImdbNetworks.conv1dSigmoid(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, seed),
                    IMDB_CONV, Optional.empty()),
            new ChapterModel("imdb-lstm", "Listing 6.27: Embedding(10000, 32), LSTM(32), Dense(1, sigmoid)",
                    ChapterModel.Data.IMDB, ChapterModels::imdbLstm, IMDB_LSTM, Optional.empty()),
            new ChapterModel("jena-conv1d", "Listing 6.47: three Conv1D(32, 5) with max pooling, on Jena (6.3 windows)",
                    ChapterModel.Data.JENA_6_3, seed -> JenaNetworks.conv1d(240, seed), jena(20), Optional.empty()),
            new ChapterModel("jena-conv-gru", "Listing 6.49: Conv1D(32, 5) x 2 then GRU(32, dropout 0.1, recurrent "
                    + "dropout 0.5), on Jena (6.4 windows)", ChapterModel.Data.JENA_6_4,
                    seed -> JenaNetworks.conv1dGru(240, true, seed), jena(20), Optional.empty()),
            new ChapterModel("jena-gru", "Listing 6.39: GRU(32), on Jena (6.3 windows)", ChapterModel.Data.JENA_6_3,
                    seed -> JenaNetworks.gru(240, seed), jena(20), Optional.empty()),
            new ChapterModel("jena-gru-regularized", "Listing 6.40: GRU(32, dropout 0.2, recurrent dropout 0.2), on "
                    + "Jena (6.3 windows)", ChapterModel.Data.JENA_6_3, seed -> JenaNetworks.gruRegularized(240, seed),
                    jena(40), Optional.empty()));

    /** Every model, in the book's order of presentation within this registry. */
    public List<ChapterModel> all() {
        return MODELS;
    }

    /**
     * The model named {@code id}.
     *
     * @throws IllegalArgumentException listing the names there are
     */
    public ChapterModel get(String id) {
        return MODELS.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("Unknown model '" + id + "'. Models: "
                        + MODELS.stream().map(ChapterModel::id).collect(Collectors.joining(", "))));
    }

    /** The Jena models' training: RMSprop(), MAE, 500 steps an epoch. */
    private static Training jena(int epochs) {
        return new Training(new RMSprop(), new MeanAbsoluteError(), List.of(), epochs, 128, 0, 500);
    }

    private static Sequential imdbLstm(long seed) {
        return Sequential.builder().name("imdb_lstm").input(Input.ints(ImdbNetworks.MAX_LEN))
                .add(Embedding.of(ImdbNetworks.MAX_FEATURES, 32))
                .add(LSTM.of(32))
                .add(Dense.of(1, Activation.SIGMOID))
                .seed(seed)
                .build();
    }
}
