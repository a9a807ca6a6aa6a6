package dev.seqconv.api.inference;

import dev.seqconv.api.ndarray.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link Predictor.Strategy#MICRO_BATCHING} and {@link Predictor.Strategy#ADAPTIVE}: one bounded queue, one worker
 * thread per session. A worker takes what is queued, up to {@code maxBatchSize} samples, runs it as one batch on
 * its session and hands each request its rows. Micro-batching waits up to {@code maxWait} for more before it runs
 * a batch. Adaptively, a batch waits for nothing, and a request that finds nothing queued and a session free (no
 * batch running on it, its worker not waiting for it) runs at once on the calling thread, holding the session's
 * lock as a worker does for a batch: requests queue, and batch, only while every session is busy.
 */
final class MicroBatching implements Serving {

    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Admission admission;
    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final boolean adaptive;
    private final BlockingQueue<Request> queue;
    private final List<Lane> lanes = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();

    /**
     * Starts one worker thread per session.
     *
     * @param name     names the worker threads ({@code seqconv-predictor-<name>-<i>})
     * @param adaptive {@link Predictor.Strategy#ADAPTIVE}'s way (no {@code maxWait}; a request finding a session
     *                 free runs on the caller) rather than {@link Predictor.Strategy#MICRO_BATCHING}'s
     */
    MicroBatching(String name, List<PredictSession> sessions, PredictorSettings settings, Admission admission,
                  boolean adaptive) {
        this.admission = admission;
        this.maxBatchSize = settings.maxBatchSize();
        this.maxWaitNanos = adaptive ? 0 : settings.maxWait().toNanos();
        this.adaptive = adaptive;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        for (int i = 0; i < sessions.size(); i++) {
            Lane lane = new Lane(sessions.get(i), new ReentrantLock());
            lanes.add(lane);
            Thread worker = new Thread(() -> work(lane), "seqconv-predictor-" + name + "-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    @Override
    public NdArray predict(NdArray x, long deadline) {
        long start = System.nanoTime();
        if (adaptive) {
            Lane free = admission.admit(this::claimFreeLane);
            if (free != null) {
                return runAlone(free, x, deadline, start);
            }
        }
        Request request = new Request(x, new CompletableFuture<>());
        if (!admission.admit(() -> queue.offer(request))) {
            throw admission.queueFull();
        }
        try {
            return request.answer().get(Admission.remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            request.answer().cancel(false);   // a worker that has not taken it yet skips it
            throw admission.deadlineExceeded(deadline, start);
        } catch (InterruptedException e) {
            request.answer().cancel(false);
            throw Admission.interrupted();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /** With nothing queued, a session that no batch holds or waits for, locked for the caller; else null. */
    private Lane claimFreeLane() {
        if (!queue.isEmpty()) {
            return null;
        }
        for (Lane lane : lanes) {
            if (!lane.lock().hasQueuedThreads() && lane.lock().tryLock()) {
                return lane;
            }
        }
        return null;
    }

    /** Runs a request on the calling thread, on a session it has claimed, then frees the session. */
    private NdArray runAlone(Lane lane, NdArray x, long deadline, long start) {
        try {
            if (Admission.remaining(deadline) <= 0) {
                throw admission.deadlineExceeded(deadline, start);
            }
            return lane.session().run(x);
        } finally {
            lane.lock().unlock();
        }
    }

    /** How many requests wait in the queue now (not those a worker has taken). */
    int queued() {
        return queue.size();
    }

    /** Waits for the workers to answer what is queued, then for any request running alone on a session. */
    @Override
    public void drain() {
        boolean interrupted = false;
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        for (Lane lane : lanes) {
            lane.lock().lock();
            lane.lock().unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A worker's loop: until closed with nothing queued, take a batch and run it. */
    private void work(Lane lane) {
        List<Request> batch = new ArrayList<>();
        Request carried = null;
        while (true) {
            try {
                Request first = carried != null ? carried : queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
                carried = null;
                if (first == null) {
                    if (admission.closed() && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                if (first.answer().isDone()) {
                    continue;
                }
                batch.add(first);
                lane.lock().lock();
                try {
                    carried = gather(batch, first.x().length());
                    run(lane.session(), batch);
                } finally {
                    lane.lock().unlock();
                }
            } catch (InterruptedException e) {
                batch.forEach(r -> r.answer().completeExceptionally(e));
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Adds queued requests to {@code batch} up to {@code maxBatchSize} samples, waiting up to {@code maxWait}
     * (not once closing); returns a request that did not fit, for the next batch.
     */
    private Request gather(List<Request> batch, int samples) throws InterruptedException {
        long waitUntil = System.nanoTime() + maxWaitNanos;
        while (samples < maxBatchSize) {
            Request next = queue.poll();
            if (next == null && !admission.closed()) {
                long wait = waitUntil - System.nanoTime();
                next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
            }
            if (next == null) {
                return null;
            }
            if (next.answer().isDone()) {
                continue;
            }
            if (samples + next.x().length() > maxBatchSize) {
                return next;
            }
            batch.add(next);
            samples += next.x().length();
        }
        return null;
    }

    private void run(PredictSession session, List<Request> batch) {
        try {
            if (batch.size() == 1) {
                batch.get(0).answer().complete(session.run(batch.get(0).x()));
                return;
            }
            NdArray out = session.run(batch.stream().map(Request::x).toList());
            int row = 0;
            for (Request request : batch) {
                int rows = request.x().length();
                request.answer().complete(out.rows(row, row + rows));
                row += rows;
            }
        } catch (Throwable e) {   // the batch's callers get the failure; the worker serves the next batch
            batch.forEach(r -> r.answer().completeExceptionally(e));
        }
    }

/** A request waiting in the queue. */
private record Request(NdArray x, CompletableFuture<NdArray> answer) {
}

/** A session and the lock held by whoever runs on it: its worker for a batch, or a caller running alone. */
private record Lane(PredictSession session, ReentrantLock lock) {
}
}
