/**
 * Hooks into training with Keras's events ({@code Callback}), the per-epoch figures ({@code Logs},
 * {@code History}), the rule for which way a watched figure improves ({@code Monitor}), and Keras's
 * callbacks ({@code EarlyStopping}, {@code ModelCheckpoint}, {@code TerminateOnNaN}). Callbacks see a run only
 * through {@code TrainingRun}, never the model.
 *
 * <p>Depends on: {@code io} (to recognise a checkpoint skipped for non-finite values), {@code ndarray}.
 */
package dev.seqconv.api.callbacks;
