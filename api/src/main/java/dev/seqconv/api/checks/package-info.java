/**
 * {@code Checks}: the checks of the values users pass to constructors and builders, each with one message
 * format that names the value and what it must be.
 *
 * <p>Depends on nothing in seqconv.
 */
package dev.seqconv.api.checks;
