/**
 * Datasets that arrange other datasets' records for semi-supervised epochs: labelled and unlabelled
 * records in equal halves ({@link dev.annogan.datasets.sampling.BalancedTrainingSet}), each
 * unlabelled record paired with a labelled one ({@link
 * dev.annogan.datasets.sampling.LabelledUnlabelledPairs}), a few records cycled to the length of a
 * full epoch ({@link dev.annogan.datasets.sampling.CycledRecords}), real records followed by
 * generated ones ({@link dev.annogan.datasets.sampling.RecordsWithSynthetic}).
 */
package dev.annogan.datasets.sampling;
