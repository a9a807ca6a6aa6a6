package dev.seqconv.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.backend.BackendStatus;
import dev.seqconv.api.backend.Backends;
import org.junit.jupiter.api.Test;

/**
 * A backend module's own tests have only that backend on the classpath: discovery finds it through
 * {@code META-INF/services}, it is available, and it is chosen without being named.
 */
public abstract class DiscoveryConformanceSuite {

    /** The id of the backend under test. */
    protected abstract String backendId();

    /** The id of a published backend that is not on this module's test classpath. */
    protected abstract String absentBackendId();

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
