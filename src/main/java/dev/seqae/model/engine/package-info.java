/**
 * The network itself: LSTM and dense layers with hand-written forward and backward passes over
 * ND4J operations, all parameters in one flat vector. Internal to {@code model}; only
 * {@link dev.seqae.model.engine.AutoencoderNetwork} is public. Depends on ND4J and
 * {@code data.SequenceBatch}.
 */
package dev.seqae.model.engine;
