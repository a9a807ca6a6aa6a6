package dev.seqconv.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.backend.Backends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With both backends on the classpath, a name that matches neither says what there is. */
class TwoBackendsBadInputTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(Backends.PROPERTY);
    }

    @Test
    void aNameThatMatchesNoneListsBoth() {
        System.setProperty(Backends.PROPERTY, "mxnet");
        assertThatThrownBy(Backends::select).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown seqconv backend 'mxnet' (system property seqconv.backend)")
                .hasMessageContaining("On the classpath: tensorflow, nd4j");
    }
}
