/**
 * The network itself: LSTM and dense layers with hand-written forward and backward passes, all
 * parameters in one flat vector. Matrix products run in ND4J; the LSTM's per-step element-wise
 * work runs in {@link dev.seqae.model.engine.CellKernel} on heap arrays (Vector API when the JVM
 * has {@code jdk.incubator.vector}, a bit-identical scalar fallback otherwise). Internal to
 * {@code model}; the public classes are the network, its shape and buffers, the fused
 * inference pass, the SameDiff reference and the benchmark-only {@code OpTimings}. Depends on ND4J and
 * {@code data.SequenceBatch}.
 */
package dev.seqae.model.engine;
