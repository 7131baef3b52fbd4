package dev.seqae.model;

/** How training computes gradients. */
public enum Engine {
    /** The hand-written LSTM backward pass over large ND4J operations (the default). */
    FAST,
    /**
     * The reference: the same network as a SameDiff graph of ND4J's {@code lstmLayer} op,
     * differentiated automatically. Several times slower; no dropout. For checking the fast path.
     */
    SAMEDIFF
}
