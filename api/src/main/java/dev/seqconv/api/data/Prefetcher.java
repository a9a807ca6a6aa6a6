package dev.seqconv.api.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.UnaryOperator;

/**
 * Takes a fixed number of elements from a source and prepares them on a background thread, at most
 * {@code capacity} ahead of the consumer — so that the next batch is ready while the engine runs a step, as
 * Keras's {@code fit} does with its queue of generator outputs. A failure of the source or of the preparation
 * is rethrown to the consumer at the element where it happened. Close it to stop the thread early.
 *
 * @param <T> the elements
 */
public final class Prefetcher<T> implements Iterator<T>, AutoCloseable {

    private final BlockingQueue<Object> queue;
    private final Thread producer;
    private final int count;
    private int taken;

    /** A failure to hand over to the consumer. */
    private record Failure(Throwable cause) {
    }

    /**
     * @param source   where the elements come from; only the producer thread reads it
     * @param count    how many elements to take
     * @param capacity how many prepared elements may wait, {@code >= 1}
     * @param prepare  applied to each element on the producer thread
     */
    public Prefetcher(Iterator<T> source, int count, int capacity, UnaryOperator<T> prepare) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.count = count;
        this.producer = new Thread(() -> produce(source, prepare), "seqconv-prefetch");
        producer.setDaemon(true);
        producer.start();
    }

    private void produce(Iterator<T> source, UnaryOperator<T> prepare) {
        try {
            for (int i = 0; i < count; i++) {
                T element;
                try {
                    element = source.next();
                } catch (NoSuchElementException e) {
                    throw new IllegalStateException("The data ran out after " + i + " of " + count
                            + " batches: the source yields fewer batches than its stepsPerEpoch()", e);
                }
                queue.put(prepare.apply(element));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            try {
                queue.put(new Failure(e));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean hasNext() {
        return taken < count;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the next batch", e);
        }
        if (item instanceof Failure failure) {
            taken = count;
            if (failure.cause() instanceof RuntimeException r) {
                throw r;
            }
            if (failure.cause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failure.cause());
        }
        taken++;
        return (T) item;
    }

    /** Stops the producer; elements not taken are dropped. */
    @Override
    public void close() {
        producer.interrupt();
        queue.clear();
    }
}
