package dev.seqconv.api.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seqconv.api.spi.Availability;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.BackendProvider;
import dev.seqconv.api.spi.Executor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendRegistryTest {

    /** A provider that makes a backend doing nothing, available or not. */
    private record FakeProvider(String id, int rank, Availability availability) implements BackendProvider {
        @Override
        public Backend create() {
            return new Backend() {
                @Override
                public String id() {
                    return FakeProvider.this.id;
                }

                @Override
                public String engineVersion() {
                    return "fake";
                }

                @Override
                public Executor newExecutor() {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    private static final FakeProvider FAST = new FakeProvider("fast", 20, Availability.yes());
    private static final FakeProvider SLOW = new FakeProvider("slow", 10, Availability.yes());
    private static final FakeProvider BROKEN = new FakeProvider("broken", 30, Availability.no("natives missing"));

    private static BackendRegistry registry(List<BackendProvider> providers, Map<String, String> properties,
                                            Map<String, String> environment) {
        return new BackendRegistry(providers, properties::get, environment::get);
    }

    @Test
    void withoutANameTheAvailableProviderOfHighestRankIsChosen() {
        BackendRegistry r = registry(List.of(SLOW, BROKEN, FAST), Map.of(), Map.of());
        assertThat(r.select().id()).isEqualTo("fast");
        assertThat(r.statuses()).extracting(BackendStatus::id).containsExactly("broken", "fast", "slow");
    }

    @Test
    void thePropertyWinsOverTheEnvironmentVariable() {
        assertThat(registry(List.of(FAST, SLOW), Map.of(Backends.PROPERTY, "slow"), Map.of(Backends.ENVIRONMENT, "fast"))
                .select().id()).isEqualTo("slow");
        assertThat(registry(List.of(FAST, SLOW), Map.of(), Map.of(Backends.ENVIRONMENT, "SLOW")).select().id())
                .isEqualTo("slow");
    }

    @Test
    void theSameBackendInstanceIsReturnedEachTime() {
        BackendRegistry r = registry(List.of(FAST), Map.of(), Map.of());
        assertThat(r.get("fast")).isSameAs(r.select());
    }

    @Test
    void anUnavailableBackendSaysWhy() {
        assertThatThrownBy(() -> registry(List.of(BROKEN, FAST), Map.of(), Map.of(Backends.ENVIRONMENT, "broken")).select())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'broken' (environment variable SEQCONV_BACKEND) is on the classpath but cannot run")
                .hasMessageContaining("natives missing");
        assertThatThrownBy(() -> registry(List.of(BROKEN), Map.of(), Map.of()).select())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("No seqconv backend can run here")
                .hasMessageContaining("natives missing");
    }

    @Test
    void unknownAndMissingNamesListTheChoicesAndArtifacts() {
        assertThatThrownBy(() -> registry(List.of(FAST, SLOW), Map.of(Backends.PROPERTY, "torch"), Map.of()).select())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown seqconv backend 'torch' (system property seqconv.backend)")
                .hasMessageContaining("On the classpath: fast, slow")
                .hasMessageContaining("nd4j (dev.seqconv:seqconv-backend-nd4j)");
        assertThatThrownBy(() -> registry(List.of(FAST), Map.of(), Map.of()).get("tensorflow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add the artifact dev.seqconv:seqconv-backend-tensorflow");
    }

    @Test
    void noProviderAtAllNamesTheArtifactsToAdd() {
        assertThatThrownBy(() -> registry(List.of(), Map.of(), Map.of()).select())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No seqconv backend is on the classpath")
                .hasMessageContaining("dev.seqconv:seqconv-backend-tensorflow");
    }

    @Test
    void anAvailabilityCheckThatThrowsMakesTheBackendUnavailable() {
        BackendProvider crashing = new BackendProvider() {
            @Override
            public String id() {
                return "crashing";
            }

            @Override
            public int rank() {
                return 50;
            }

            @Override
            public Availability availability() {
                throw new UnsatisfiedLinkError("no libfake.so");
            }

            @Override
            public Backend create() {
                throw new AssertionError("must not be created");
            }
        };
        assertThat(registry(List.of(crashing, SLOW), Map.of(), Map.of()).select().id()).isEqualTo("slow");
    }

    @Test
    void twoProvidersWithOneIdAreRefused() {
        assertThatThrownBy(() -> registry(List.of(FAST, new FakeProvider("FAST", 1, Availability.yes())), Map.of(), Map.of()))
                .hasMessageContaining("share an id");
    }
}
