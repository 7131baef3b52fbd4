/**
 * Detection recipes for long time series: everything from a raw series to anomalous intervals
 * on its own time axis — time-segment aggregation and imputation, the model (scaling, windows,
 * network, training protocol), how overlapping windows' reconstructions become point errors,
 * smoothing, and the interval detector. {@link dev.seqae.recipe.Recipe} holds the settings
 * (named presets: {@link dev.seqae.recipe.Recipe#orionLstmAutoencoder()}, the Orion benchmark's
 * {@code lstm_autoencoder}, and seqae's own), {@link dev.seqae.recipe.RecipeRun} carries one out.
 * Core: plain Java over {@code data}, {@code model} and {@code anomaly}; no Micronaut, no Spark.
 */
package dev.seqae.recipe;
