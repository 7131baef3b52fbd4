package dev.seqae.model.engine;

/**
 * Logistic sigmoid and tanh over runs of heap arrays: the transcendental part of the LSTM cell.
 *
 * <p>Float runs use the JDK's Vector API ({@code jdk.incubator.vector}, whose {@code EXP} and
 * {@code TANH} lane operations compile to SVML routines: ~0.35 and ~0.6 ns per element here, against
 * 3–9 ns for libnd4j's legacy sigmoid/tanh) when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the launcher and the test runner do this); otherwise
 * they fall back to scalar {@link Math#exp}/{@link Math#tanh}, which gives the same results within
 * a few float ulps, ~15x slower. Double runs (gradient checks) always use the exact scalar functions.
 */
final class Activations {
    /** True when the Vector API is available to this JVM. */
    static final boolean VECTORIZED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Activations() {
    }

    /** {@code a[off, off + n) = sigmoid(a[off, off + n))}, in place. */
    static void sigmoid(float[] a, int off, int n) {
        if (VECTORIZED) {
            VectorKernels.sigmoid(a, off, n);
        } else {
            scalarSigmoid(a, off, n);
        }
    }

    /** {@code dst[dOff, dOff + n) = tanh(src[sOff, sOff + n))}; the ranges may be the same. */
    static void tanh(float[] src, int sOff, float[] dst, int dOff, int n) {
        if (VECTORIZED) {
            VectorKernels.tanh(src, sOff, dst, dOff, n);
        } else {
            scalarTanh(src, sOff, dst, dOff, n);
        }
    }

    /** The fallback without the Vector API (and the tail of a vector loop). */
    static void scalarSigmoid(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = (float) (1.0 / (1.0 + Math.exp(-a[i])));
        }
    }

    static void scalarTanh(float[] src, int sOff, float[] dst, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dOff + i] = (float) Math.tanh(src[sOff + i]);
        }
    }

    static void sigmoid(double[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = 1.0 / (1.0 + Math.exp(-a[i]));
        }
    }

    static void tanh(double[] src, int sOff, double[] dst, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dOff + i] = Math.tanh(src[sOff + i]);
        }
    }
}
