/**
 * Finding engines: the backends on the classpath ({@code ServiceLoader}), their availability, and the choice by
 * name, system property or environment variable.
 *
 * <p>Depends on: {@code spi}.
 */
package dev.seqconv.api.backend;
