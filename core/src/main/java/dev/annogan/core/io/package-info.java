/**
 * Writes that never leave a half-written file or folder behind, used by everything AnnoGAN saves:
 * COCO files, pictures, run files, exported models and checkpoints.
 *
 * <ul>
 *   <li>{@link dev.annogan.core.io.AtomicFile}: a file written beside its target and renamed onto
 *       it, so readers see the old content or the complete new one.
 *   <li>{@link dev.annogan.core.io.AtomicDirectory}: a whole folder written the same way, synced
 *       before the rename, so a crash or power cut leaves the old folder or the new one.
 *   <li>{@link dev.annogan.core.io.DurableFiles}: the synced writes, renames and deletions both are
 *       made of, for stores that commit in steps of their own (checkpoints).
 * </ul>
 */
package dev.annogan.core.io;
