package dev.seqae.data;

/** What to do with NaN, Inf and empty cells. */
public enum Imputation {
    /** Reject the file, naming the first bad cell. */
    NONE,
    /** Carry the previous value of the same feature forward (the next value at the very start). */
    PREVIOUS,
    /** Replace with 0. */
    ZERO
}
