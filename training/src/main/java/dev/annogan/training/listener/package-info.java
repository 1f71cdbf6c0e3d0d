/**
 * What hears a run ({@link dev.annogan.training.GanListener}s): the divergence guard and
 * checkpointing, which {@code GanTrainer.Builder.optCheckpoints} adds first and last; the progress
 * bar, the metrics CSV, the loss curve and per-epoch samples; early stopping and step limits.
 */
package dev.annogan.training.listener;
