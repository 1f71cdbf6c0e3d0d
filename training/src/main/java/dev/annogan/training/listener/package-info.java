/**
 * Listeners that report on a run ({@link dev.annogan.training.GanListener}s): the progress bar, the
 * metrics CSV, the loss curve and per-epoch samples; early stopping and step limits. The two that
 * change a run, the divergence guard and checkpointing, sit beside the loop in {@code
 * dev.annogan.training}.
 */
package dev.annogan.training.listener;
