/**
 * PNG pictures of a model and its results, drawn headless with JFreeChart: the latent scatter,
 * the score histogram with the threshold, a time series with its anomalous intervals shaded, and
 * the training loss curves ({@link dev.seqae.plot.Plots}). No Micronaut here.
 */
package dev.seqae.plot;
