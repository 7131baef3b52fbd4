/**
 * The LSTM sequence autoencoder: {@link dev.seqae.model.ModelConfig} (validated settings),
 * {@link dev.seqae.model.Trainer} (config + data → model), {@link dev.seqae.model.SeqAutoencoderModel}
 * (immutable: encode, reconstruct, score) and {@link dev.seqae.model.ModelFile} (one versioned,
 * atomically written file per model). The network math lives in {@code model.engine}. Depends on
 * {@code data}, {@code anomaly}, {@code errors}, ND4J and Jackson; never on Micronaut.
 */
package dev.seqae.model;
