/**
 * {@code SeededRandom}: the one source of host randomness (initial weights, shuffles, dropout masks), the same
 * stream on every platform for a seed.
 *
 * <p>Depends on nothing in seqconv.
 */
package dev.seqconv.api.random;
