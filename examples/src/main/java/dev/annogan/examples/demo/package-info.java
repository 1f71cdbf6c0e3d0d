/**
 * The quick-start demo ({@code annogan demo}): it generates a small shapes dataset, trains a
 * segmenter and a tagger on 1/8 of the labels beside their supervised baselines, pre-annotates
 * images no run has seen, evaluates them against their ground truth, and writes a one-page HTML
 * report. It composes the other packages' pieces and adds no model of its own.
 */
package dev.annogan.examples.demo;
