package dev.seqconv.api.inference;

import dev.seqconv.api.ndarray.NdArray;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@link Predictor.Strategy#SESSIONS}: the caller runs its request on a session from a pool; at most
 * {@code sessions + queueCapacity} requests run or wait at once.
 */
final class SessionPool implements Serving {

    private final Admission admission;
    private final BlockingQueue<PredictSession> idle;
    private final int permits;
    /** One permit per request running or waiting for a session. */
    private final Semaphore admitted;

    SessionPool(List<PredictSession> sessions, int queueCapacity, Admission admission) {
        this.admission = admission;
        this.idle = new ArrayBlockingQueue<>(sessions.size(), true, sessions);
        this.permits = sessions.size() + queueCapacity;
        this.admitted = new Semaphore(permits);
    }

    @Override
    public NdArray predict(NdArray x, long deadline) {
        long start = System.nanoTime();
        if (!admission.admit(admitted::tryAcquire)) {
            throw admission.queueFull();
        }
        try {
            PredictSession session = idle.poll(Admission.remaining(deadline), TimeUnit.NANOSECONDS);
            if (session == null) {
                throw admission.deadlineExceeded(deadline, start);
            }
            try {
                if (Admission.remaining(deadline) <= 0) {
                    throw admission.deadlineExceeded(deadline, start);
                }
                return session.run(x);
            } finally {
                idle.add(session);
            }
        } catch (InterruptedException e) {
            throw Admission.interrupted();
        } finally {
            admitted.release();
        }
    }

    @Override
    public void drain() {
        admitted.acquireUninterruptibly(permits);
    }
}
