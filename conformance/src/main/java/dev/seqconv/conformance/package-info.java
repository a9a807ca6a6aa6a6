/**
 * The conformance kit: suites that hold an engine to seqconv's semantics, run by one class a backend's tests extend
 * ({@link dev.seqconv.conformance.ConformanceKit}; {@link dev.seqconv.conformance.ComposedKernelsKit} for fused
 * kernels turned off; {@link dev.seqconv.conformance.FusedKernelsKit} for the fused Conv1D layer and GRU recurrence
 * against the composed ones, or its {@link dev.seqconv.conformance.Conv1dLayerKernelSuite} alone), and the
 * workloads the benchmarks run for longer ({@link dev.seqconv.conformance.ConcurrencyWorkload}, {@link
 * dev.seqconv.conformance.PredictorLoad}). May depend on the api, JUnit Jupiter and AssertJ; never on an engine.
 */
package dev.seqconv.conformance;
