package dev.seqconv.datasets.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keras's {@code text_to_word_sequence} with its defaults, the tokenization Keras's IMDB word index was built
 * with: lower case; each of the characters {@code !"#$%&()*+,-./:;<=>?@[\]^_`{|}~}, tab and newline becomes a
 * space; the text is split on spaces and empty pieces dropped. Apostrophes and non-ASCII letters stay in
 * words ({@code don't}, {@code cliché}), and HTML's {@code <br />} becomes the word {@code br}.
 */
public final class KerasTokenizer {

    private static final String FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    private KerasTokenizer() {
    }

    public static List<String> tokenize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean separator = c == ' ' || FILTERS.indexOf(c) >= 0;
            if (separator) {
                if (start >= 0) {
                    words.add(lower.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            words.add(lower.substring(start));
        }
        return words;
    }
}
