package dev.seqconv.api.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PrefetcherTest {

    @Test
    void elementsArriveInOrderPreparedOnAnotherThread() {
        List<String> threads = new ArrayList<>();
        try (Prefetcher<Integer> p = new Prefetcher<>(IntStream.range(0, 100).iterator(), 100, 3, i -> {
            synchronized (threads) {
                threads.add(Thread.currentThread().getName());
            }
            return i * 2;
        })) {
            List<Integer> out = new ArrayList<>();
            p.forEachRemaining(out::add);
            assertThat(out).containsExactlyElementsOf(IntStream.range(0, 100).map(i -> i * 2).boxed().toList());
        }
        assertThat(threads).containsOnly("seqconv-prefetch");
    }

    @Test
    void theProducerStaysAtMostCapacityAhead() throws InterruptedException {
        AtomicInteger produced = new AtomicInteger();
        Iterator<Integer> source = IntStream.range(0, 50).iterator();
        try (Prefetcher<Integer> p = new Prefetcher<>(source, 50, 4, i -> {
            produced.incrementAndGet();
            return i;
        })) {
            Thread.sleep(200);
            assertThat(produced.get()).isBetween(4, 5);
            p.next();
        }
    }

    @Test
    void aFailureIsRethrownWhereItHappened() {
        try (Prefetcher<Integer> p = new Prefetcher<>(IntStream.range(0, 10).iterator(), 10, 2, i -> {
            if (i == 3) {
                throw new IllegalArgumentException("bad sample 3");
            }
            return i;
        })) {
            assertThat(List.of(p.next(), p.next(), p.next())).containsExactly(0, 1, 2);
            assertThatThrownBy(p::next).isInstanceOf(IllegalArgumentException.class).hasMessage("bad sample 3");
            assertThat(p.hasNext()).isFalse();
        }
    }

    @Test
    void aSourceThatRunsOutSaysSo() {
        try (Prefetcher<Integer> p = new Prefetcher<>(List.of(1, 2).iterator(), 5, 2, i -> i)) {
            p.next();
            p.next();
            assertThatThrownBy(p::next).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ran out after 2 of 5 batches");
        }
    }
}
