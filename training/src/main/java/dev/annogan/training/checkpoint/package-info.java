/**
 * Checkpoints of a training run that a crash cannot break: {@link
 * dev.annogan.training.checkpoint.CheckpointStore} writes each checkpoint's named parts
 * (parameters, optimizer state, loop state) into a temporary directory, records their sizes and
 * SHA-256 hashes in a manifest, and commits by an atomic rename before moving the {@code latest}
 * and {@code best} pointers; {@link dev.annogan.training.checkpoint.Checkpoint} refuses to hand out
 * any part until every part matches its manifest. What goes into the parts is the caller's
 * business.
 */
package dev.annogan.training.checkpoint;
