/**
 * The mean teacher's terms on unlabelled images, shared by every application: consistency between
 * the student and its moving average ({@link dev.annogan.training.teacher.Consistency}), confident
 * pseudo-labels ({@link dev.annogan.training.teacher.PseudoLabels}), and their weights and ramp-up
 * ({@link dev.annogan.training.teacher.TeacherTerms}).
 */
package dev.annogan.training.teacher;
