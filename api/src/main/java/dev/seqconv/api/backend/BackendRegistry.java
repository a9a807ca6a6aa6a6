package dev.seqconv.api.backend;

import dev.seqconv.api.spi.Availability;
import dev.seqconv.api.spi.Backend;
import dev.seqconv.api.spi.BackendProvider;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Chooses among discovered backend providers: by a name from the system property {@value Backends#PROPERTY} or
 * the environment variable {@value Backends#ENVIRONMENT}, else the available provider of highest rank.
 * Availability is checked once per provider, lazily, since it may load native code.
 */
public final class BackendRegistry {

    private static final System.Logger LOG = System.getLogger(BackendRegistry.class.getName());

    /** The backends seqconv publishes, and the artifact that brings each onto the classpath. */
    static final Map<String, String> KNOWN_ARTIFACTS = Map.of(
            "nd4j", "dev.seqconv:seqconv-backend-nd4j",
            "tensorflow", "dev.seqconv:seqconv-backend-tensorflow");

    private final List<BackendProvider> providers;
    private final UnaryOperator<String> systemProperty;
    private final UnaryOperator<String> environment;
    private final Map<String, BackendStatus> statuses = new HashMap<>();
    private final Map<String, Backend> backends = new HashMap<>();
    private boolean logged;

    /**
     * @param providers      the discovered providers
     * @param systemProperty looks up a system property
     * @param environment    looks up an environment variable
     */
    public BackendRegistry(List<BackendProvider> providers, UnaryOperator<String> systemProperty,
                           UnaryOperator<String> environment) {
        this.providers = providers.stream().sorted(Comparator.comparingInt(BackendProvider::rank).reversed()
                .thenComparing(BackendProvider::id)).toList();
        this.systemProperty = systemProperty;
        this.environment = environment;
        long distinct = this.providers.stream().map(p -> normalize(p.id())).distinct().count();
        if (distinct != this.providers.size()) {
            throw new IllegalStateException("Two backend providers share an id: " + ids(this.providers)
                    + "; keep one jar of each backend on the classpath");
        }
    }

    /** Every discovered provider with its availability, best rank first. */
    public synchronized List<BackendStatus> statuses() {
        return providers.stream().map(this::status).toList();
    }

    /** The backend named by the system property or environment variable, else the best available one. */
    public synchronized Backend select() {
        Optional<Choice> named = namedChoice();
        Backend backend;
        String why;
        if (named.isPresent()) {
            backend = get(named.get().name(), named.get().source());
            why = "named by " + named.get().source();
        } else {
            backend = best();
            why = "highest available rank";
        }
        logDiscovery("using " + backend.id() + " (" + why + ")");
        return backend;
    }

    /**
     * The backend with this id.
     *
     * @throws IllegalArgumentException if no provider has this id
     * @throws IllegalStateException    if the provider cannot run here
     */
    public synchronized Backend get(String id) {
        return get(id, "the caller");
    }

    private Backend get(String requested, String source) {
        String id = normalize(requested);
        BackendProvider provider = providers.stream().filter(p -> normalize(p.id()).equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(unknownBackendMessage(requested, source)));
        Availability availability = status(provider).availability();
        if (!availability.available()) {
            throw new IllegalStateException("Backend '" + id + "' (" + source + ") is on the classpath but cannot run "
                    + "here: " + availability.reason());
        }
        return backends.computeIfAbsent(id, key -> provider.create());
    }

    private Backend best() {
        if (providers.isEmpty()) {
            throw new IllegalStateException("No seqconv backend is on the classpath. Add one of: "
                    + knownArtifacts() + ".");
        }
        for (BackendProvider provider : providers) {
            if (status(provider).availability().available()) {
                return backends.computeIfAbsent(normalize(provider.id()), key -> provider.create());
            }
        }
        throw new IllegalStateException("No seqconv backend can run here: " + providers.stream().map(this::status)
                .map(BackendStatus::toString).collect(Collectors.joining("; ")));
    }

    private BackendStatus status(BackendProvider provider) {
        return statuses.computeIfAbsent(normalize(provider.id()), id -> {
            Availability availability;
            try {
                availability = provider.availability();
            } catch (RuntimeException | LinkageError e) {
                availability = Availability.no("its availability check failed: " + e);
            }
            return new BackendStatus(id, provider.rank(), availability, provider);
        });
    }

    private Optional<Choice> namedChoice() {
        String property = systemProperty.apply(Backends.PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(new Choice(property, "system property " + Backends.PROPERTY));
        }
        String variable = environment.apply(Backends.ENVIRONMENT);
        if (variable != null && !variable.isBlank()) {
            return Optional.of(new Choice(variable, "environment variable " + Backends.ENVIRONMENT));
        }
        return Optional.empty();
    }

    private String unknownBackendMessage(String requested, String source) {
        String id = normalize(requested);
        String onClasspath = providers.isEmpty() ? "none" : ids(providers);
        String artifact = KNOWN_ARTIFACTS.get(id);
        if (artifact != null) {
            return "Backend '" + id + "' (" + source + ") is not on the classpath; add the artifact " + artifact
                    + ". On the classpath: " + onClasspath + ".";
        }
        return "Unknown seqconv backend '" + requested + "' (" + source + "). On the classpath: " + onClasspath
                + ". Known backends: " + knownArtifacts() + ".";
    }

    private void logDiscovery(String decision) {
        if (!logged) {
            logged = true;
            LOG.log(System.Logger.Level.INFO, "seqconv backends discovered: "
                    + (providers.isEmpty() ? "none" : statuses().stream().map(BackendStatus::toString)
                    .collect(Collectors.joining(", "))) + "; " + decision);
        }
    }

    private static String knownArtifacts() {
        return KNOWN_ARTIFACTS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    }

    private static String ids(List<BackendProvider> providers) {
        return providers.stream().map(BackendProvider::id).collect(Collectors.joining(", "));
    }

    private static String normalize(String id) {
        return id.trim().toLowerCase(Locale.ROOT);
    }

    private record Choice(String name, String source) {
    }
}
