package dev.seqconv.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.model.Sequential;
import org.junit.jupiter.api.Test;

class ImdbNetworksTest {

    @Test
    void theBooksNetworkHasItsPrintedSummary() {
        try (Sequential model = ImdbNetworks.conv1d(ImdbNetworks.MAX_FEATURES, ImdbNetworks.MAX_LEN, 1)) {
            assertThat(model.summary()).isEqualTo("""
                    Model: "imdb_conv1d"
                    ______________________________________________________________________________
                    Layer (type)                              Output Shape              Param #  \s
                    ==============================================================================
                    embedding (Embedding)                     (None, 500, 128)          1280000  \s
                    ______________________________________________________________________________
                    conv1d (Conv1D)                           (None, 494, 32)           28704    \s
                    ______________________________________________________________________________
                    max_pooling1d (MaxPooling1D)              (None, 98, 32)            0        \s
                    ______________________________________________________________________________
                    conv1d_1 (Conv1D)                         (None, 92, 32)            7200     \s
                    ______________________________________________________________________________
                    global_max_pooling1d (GlobalMaxPooling1D) (None, 32)                0        \s
                    ______________________________________________________________________________
                    dense (Dense)                             (None, 1)                 33       \s
                    ==============================================================================
                    Total params: 1,315,937
                    Trainable params: 1,315,937
                    Non-trainable params: 0
                    ______________________________________________________________________________
                    """);
        }
    }

    @Test
    void theSigmoidVariantDiffersOnlyInItsLastActivation() {
        try (Sequential book = ImdbNetworks.conv1d(100, 60, 3);
             Sequential fixed = ImdbNetworks.conv1dSigmoid(100, 60, 3)) {
            assertThat(fixed.parameterCount()).isEqualTo(book.parameterCount());
            assertThat(fixed.getWeights().get(0).toFloatArray()).containsExactly(book.getWeights().get(0).toFloatArray());
        }
    }
}
