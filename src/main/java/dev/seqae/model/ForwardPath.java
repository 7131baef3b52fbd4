package dev.seqae.model;

/**
 * How a teacher-forced or repeat-vector forward pass is computed at inference. All give the same
 * numbers within float rounding ({@code ForwardPathTest}); they differ in speed, which depends on
 * the shape and the batch size ({@code seqae bench} prints each path's scoring rate beside the
 * default's).
 */
public enum ForwardPath {
    /** The default: the path measured fastest for the network's shape and the batch size. */
    AUTO,
    /** ND4J's fused {@code lstmLayer} op per level (oneDNN); a bidirectional level in its two-way mode. */
    FUSED,
    /** The fast engine's hand-written forward pass over ND4J arrays (the one training runs). */
    ENGINE,
    /** The same arithmetic on Java heap arrays, no ND4J object per call (float networks; {@code HeapForward}). */
    HEAP
}
