/**
 * {@code annogan serve}: a trained annotator behind Label Studio's ML-backend protocol, so Label
 * Studio asks it for predictions as reviewers open tasks.
 */
package dev.annogan.examples.serve;
