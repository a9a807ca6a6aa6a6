package dev.seqconv.datasets.imdb;

/**
 * The IMDB reviews as token ids, as Keras's {@code imdb.load_data} gives them.
 *
 * @param train the 25,000 training reviews, shuffled
 * @param test  the 25,000 test reviews, shuffled separately
 */
public record ImdbData(TokenizedReviews train, TokenizedReviews test) {
}
