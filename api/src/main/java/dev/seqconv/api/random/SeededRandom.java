package dev.seqconv.api.random;

/**
 * A seeded pseudo-random generator that gives the same sequence on every JVM and engine: SplitMix64
 * (Steele, Lea and Flood, 2014). Initial weights, shuffles and dropout masks are drawn from it on the host,
 * so that a seed means the same numbers on every backend.
 *
 * <p>Not thread-safe.
 */
public final class SeededRandom {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    public SeededRandom(long seed) {
        this.state = seed;
    }

    /** A generator whose sequence is independent of this one's, for a named purpose (e.g. "shuffle"). */
    public SeededRandom fork(String purpose) {
        return new SeededRandom(nextLong() ^ mix(purpose.hashCode()));
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in {@code [min, max)}. */
    public double uniform(double min, double max) {
        return min + (max - min) * nextDouble();
    }

    /** Uniform in {@code [0, bound)}, without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long limit = (1L << 31) - ((1L << 31) % bound);
        long r;
        do {
            r = nextLong() >>> 33;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** Standard normal, by the Box-Muller transform. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A uniformly random permutation of {@code 0 .. n-1} (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
