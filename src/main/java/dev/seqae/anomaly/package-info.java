/**
 * From reconstruction errors to anomaly decisions: {@link dev.seqae.anomaly.SequenceScorer} turns
 * per-step, per-feature errors into scores; {@link dev.seqae.anomaly.ThresholdFitter} fits
 * {@link dev.seqae.anomaly.Threshold}s on held-out normal scores;
 * {@link dev.seqae.anomaly.IntervalDetector} turns point scores of a long series into
 * {@link dev.seqae.anomaly.Interval}s; {@link dev.seqae.anomaly.Metrics} evaluates scores and
 * intervals against labels. Plain Java: depends on nothing but {@code errors}.
 */
package dev.seqae.anomaly;
