package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seqconv.api.backend.BackendStatus;
import dev.seqconv.api.backend.Backends;
import dev.seqconv.api.spi.Backend;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backend module's own tests have only that backend on the classpath: discovery finds it through
 * {@code META-INF/services}, it is available, and it is chosen without being named. Applies to backends
 * {@linkplain Plugging#SERVICE_LOADER plugged in through the service loader}.
 */
public abstract class DiscoveryConformanceSuite {

    protected abstract Backend backend();

    protected abstract Plugging plugging();

    @BeforeEach
    void appliesToDiscoveredBackends() {
        assumeTrue(plugging() == Plugging.SERVICE_LOADER, "the backend is passed directly, never discovered");
    }

    private String backendId() {
        return backend().id();
    }

    /** A published backend that is not on this module's test classpath (the first test checks that it is not). */
    private String absentBackendId() {
        return Stream.of("nd4j", "tensorflow").filter(id -> !id.equals(backendId())).findFirst().orElseThrow();
    }

    @Test
    void theBackendIsDiscoveredAvailableAndChosenByTheClasspathAlone() {
        assertThat(System.getProperty(Backends.PROPERTY)).as("no backend named by property").isNull();
        assertThat(Backends.statuses()).extracting(BackendStatus::id).containsExactly(backendId());
        assertThat(Backends.statuses().get(0).availability().available()).isTrue();
        assertThat(Backends.select().id()).isEqualTo(backendId());
        assertThat(Backends.get(backendId()).engineVersion()).isNotBlank();
    }

    @Test
    void anAbsentBackendNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> Backends.get(absentBackendId())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not on the classpath")
                .hasMessageContaining("dev.seqconv:seqconv-backend-" + absentBackendId());
    }
}
