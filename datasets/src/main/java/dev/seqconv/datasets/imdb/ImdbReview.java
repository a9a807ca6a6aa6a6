package dev.seqconv.datasets.imdb;

/**
 * One review of the Large Movie Review Dataset.
 *
 * @param label  1 for positive (rating ≥ 7), 0 for negative (rating ≤ 4)
 * @param fileId the original file name without {@code .txt}: {@code <id>_<rating>}, e.g. {@code 0_9}
 * @param text   the raw text, HTML {@code <br />} tags included
 */
public record ImdbReview(int label, String fileId, String text) {
}
