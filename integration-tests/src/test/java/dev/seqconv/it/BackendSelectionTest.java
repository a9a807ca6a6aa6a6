package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqconv.api.backend.BackendStatus;
import dev.seqconv.api.backend.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With both backends on the classpath, the name picks one; without a name, the higher rank wins. */
class BackendSelectionTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(Backends.PROPERTY);
    }

    @Test
    void bothBackendsAreDiscoveredAndAvailable() {
        assertThat(Backends.statuses()).extracting(BackendStatus::id).containsExactly("tensorflow", "nd4j");
        assertThat(Backends.statuses()).allMatch(s -> s.availability().available());
    }

    @Test
    void theSystemPropertyNamesTheBackend() {
        System.setProperty(Backends.PROPERTY, "nd4j");
        assertThat(Backends.select().id()).isEqualTo("nd4j");
        System.setProperty(Backends.PROPERTY, " TensorFlow ");
        assertThat(Backends.select().id()).isEqualTo("tensorflow");
    }

    @Test
    void withoutANameTheHighestRankWins() {
        assertThat(Backends.select().id()).isEqualTo("tensorflow");
    }
}
