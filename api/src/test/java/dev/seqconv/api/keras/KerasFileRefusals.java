package dev.seqconv.api.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The check every refusal of a Keras file passes: a {@link KerasFileException} that names the file first. */
public final class KerasFileRefusals {

    private KerasFileRefusals() {
    }

    /** Checks that {@code read} refuses {@code file} with a message that starts with its path and holds each phrase. */
    public static void assertRefused(ThrowingCallable read, Path file, String... phrases) {
        assertThatThrownBy(read).isInstanceOf(KerasFileException.class)
                .hasMessageStartingWith(file.toString())
                .satisfies(e -> assertThat(e.getMessage()).contains(phrases));
    }
}
