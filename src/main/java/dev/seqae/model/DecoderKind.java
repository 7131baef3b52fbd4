package dev.seqae.model;

/** The decoder's input at each step. */
public enum DecoderKind {
    /** The latent vector repeated at every step (RepeatVector). */
    REPEAT,
    /**
     * The latent vector plus the previous target step: teacher forcing in training; scoring uses
     * the same one-step-ahead (teacher-forced) reconstruction, while {@code reconstruct
     * --free-running} feeds back the decoder's own outputs.
     */
    CONDITIONAL
}
