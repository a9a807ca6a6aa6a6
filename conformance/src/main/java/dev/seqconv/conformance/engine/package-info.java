/**
 * The reference engine ({@link dev.seqconv.conformance.engine.ReferenceBackend}): the SPI implemented with plain Java
 * loops in float64, on which the kit itself is tested. Depends only on the api's SPI, ops and arrays.
 */
package dev.seqconv.conformance.engine;
