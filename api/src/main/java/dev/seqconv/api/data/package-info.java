/**
 * Training data in batches: {@code BatchSource} and the array-backed source with its seeded shuffles, and the
 * background {@code Prefetcher}.
 *
 * <p>Depends on: {@code checks}, {@code ndarray}, {@code random}.
 */
package dev.seqconv.api.data;
