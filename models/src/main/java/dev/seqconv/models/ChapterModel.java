package dev.seqconv.models;

import dev.seqconv.api.model.Sequential;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * One of the book's networks with the way the book trains it.
 *
 * @param id       the name users type, e.g. {@code imdb-conv1d}
 * @param title    where it comes from and what it is, e.g. {@code Listing 6.46: ...}
 * @param data     what it trains on
 * @param network  builds the network from a seed
 * @param training the book's optimizer, loss, metrics, epochs and batches
 * @param note     a caveat users should read, if any
 */
public record ChapterModel(String id, String title, Data data, LongFunction<Sequential> network, Training training,
                           Optional<String> note) {

    /** What a model trains on. */
    public enum Data {
        /** IMDB reviews, 10,000 words, sequences of 500 ids. */
        IMDB,
        /** The Jena record in section 6.3's windows: 10 days back, hourly (240 steps), 24 h ahead. */
        JENA_6_3,
        /** The Jena record in section 6.4's windows: 5 days back, every 30 minutes (240 steps), 24 h ahead. */
        JENA_6_4
    }

    /** A new instance of the network. */
    public Sequential build(long seed) {
        return network.apply(seed);
    }
}
