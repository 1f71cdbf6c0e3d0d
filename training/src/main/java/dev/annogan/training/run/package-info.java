/**
 * One run of any application: its folder, the checks that keep a resume honest, its checkpoints and
 * the listeners every run has ({@link dev.annogan.training.run.TrainingRun}); user-facing setup
 * errors ({@link dev.annogan.training.run.RunSetupException}).
 */
package dev.annogan.training.run;
