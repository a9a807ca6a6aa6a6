package dev.seqconv.datasets.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KerasTokenizerTest {

    @Test
    void splitsAsKerasTextToWordSequenceDoes() {
        assertThat(KerasTokenizer.tokenize("I Loved it!<br /><br />Don't miss   it... 10/10 'the' end"))
                .containsExactly("i", "loved", "it", "br", "br", "don't", "miss", "it", "10", "10", "'the'", "end");
    }

    @Test
    void keepsNonAsciiCharactersInsideWords() {
        assertThat(KerasTokenizer.tokenize("Clichéd\u0096yet\ttouching\nfilm")).containsExactly("clichéd\u0096yet",
                "touching", "film");
        assertThat(KerasTokenizer.tokenize("  ,.!  ")).isEmpty();
    }
}
