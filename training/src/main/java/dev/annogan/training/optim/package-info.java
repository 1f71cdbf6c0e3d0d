/**
 * Optimizers whose state travels with a checkpoint: {@link dev.annogan.training.optim.StatefulAdam}
 * is Adam with per-parameter step counts and moments that it saves and restores, and a
 * learning-rate scale a training loop can lower after a restore. DJL's own optimizers keep their
 * state private, so a GAN resumed with them takes different steps from the run it continues.
 */
package dev.annogan.training.optim;
