package dev.seqconv.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.model.Sequential;
import dev.seqconv.api.network.LayerNode;
import org.junit.jupiter.api.Test;

class JenaNetworksTest {

    @Test
    void theConvGruNetworkHasTheBooksParameterCounts() {
        try (Sequential resetAfter = JenaNetworks.conv1dGru(240, true, 1);
             Sequential resetBefore = JenaNetworks.conv1dGru(240, false, 1)) {
            assertThat(resetAfter.parameterCount()).isEqualTo(13_793);
            assertThat(resetBefore.parameterCount()).isEqualTo(13_697);
            assertThat(resetAfter.layers()).extracting(n -> n.outputShape().toString())
                    .containsExactly("(None, 236, 32)", "(None, 78, 32)", "(None, 74, 32)", "(None, 32)", "(None, 1)");
            assertThat(resetAfter.summary()).contains("gru (GRU)").contains("Total params: 13,793");
        }
    }

    @Test
    void theOtherJenaNetworksBuild() {
        try (Sequential conv = JenaNetworks.conv1d(240, 1);
             Sequential gru = JenaNetworks.gru(240, 1);
             Sequential regularized = JenaNetworks.gruRegularized(240, 1)) {
            assertThat(conv.layers()).extracting(LayerNode::name).contains("conv1d_2", "max_pooling1d_1");
            assertThat(conv.parameterCount()).isEqualTo(2272 + 5152 + 5152 + 33);
            assertThat(gru.parameterCount()).isEqualTo(3 * 32 * (14 + 32) + 2 * 96 + 33);
            assertThat(regularized.parameterCount()).isEqualTo(gru.parameterCount());
        }
    }
}
