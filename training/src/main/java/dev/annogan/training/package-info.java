/**
 * The adversarial training loop, shaped like DJL's {@code EasyTrain} and Lightning's module/trainer
 * split.
 *
 * <ul>
 *   <li>{@link dev.annogan.training.GanTrainer}: G and D, their DJL trainers and optimizers, the
 *       moving averages ({@link dev.annogan.training.EmaWeights}), seeded noise and the position of
 *       the run; one adversarial step ({@link dev.annogan.training.GanTrainer#trainBatch}).
 *   <li>{@link dev.annogan.training.FitLoop}: the one epoch loop, with a pluggable {@link
 *       dev.annogan.training.TrainingStep} (adversarial, or supervised for the baselines), seeded
 *       batch order, validation and the listeners ({@link dev.annogan.training.GanListener}), among
 *       them the {@link dev.annogan.training.DivergenceGuard} (first) and {@link
 *       dev.annogan.training.Checkpointing} (last).
 *   <li>{@link dev.annogan.training.GanObjective}: what an application optimises and validates; the
 *       objectives live in {@code objective}, their teacher terms in {@code teacher}, batch
 *       augmentations in {@code augment}.
 *   <li>{@link dev.annogan.training.GanConfig}: the loop's settings; {@link
 *       dev.annogan.training.GanCheckpoints}: complete, resumable checkpoints; {@link
 *       dev.annogan.training.AnnotatorExport}: a trained G as a DJL model folder.
 * </ul>
 */
package dev.annogan.training;
