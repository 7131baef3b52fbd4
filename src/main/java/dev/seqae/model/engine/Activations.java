package dev.seqae.model.engine;

/**
 * Logistic sigmoid and tanh over runs of heap arrays: the transcendental part of the LSTM cell.
 *
 * <p>Float runs use one exponential, {@link #exp(float)}, written with additions,
 * multiplications and bit operations only, in the same order in its scalar form here and its
 * vector form in {@link VectorKernels}: every path gives bit-identical results, so training is
 * reproducible whether the JIT has compiled the vector code yet or not, and with or without the
 * Vector API. (The Vector API's own {@code EXP}/{@code TANH} call SVML once compiled and a scalar
 * {@code Math} fallback before that, which differ in the last bits and made two runs of the same
 * seed diverge.) Accuracy: within 2–3 float ulps of {@code Math.exp}; sigmoid and tanh within
 * 2.5e-7 absolute. Speed: ~0.4 ns per element vectorised (libnd4j's legacy sigmoid/tanh: 3–9 ns),
 * ~3 ns scalar. The Vector API is used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the launcher and the test runner do this). Double
 * runs (gradient checks) use the exact scalar {@code Math} functions.
 */
final class Activations {
    /** True when the Vector API is available to this JVM. */
    static final boolean VECTORIZED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    // exp(x) = 2^n · e^r, n = round(x / ln 2), r = x - n·ln 2 (Cody–Waite split of ln 2)
    static final float EXP_MIN = -87.3f;          // 2^-126 = the smallest normal float
    static final float EXP_MAX = 88.0f;           // keeps n <= 127
    static final float LOG2E = 1.44269504f;
    static final float ROUND = 12582912f;         // 1.5·2^23: x + ROUND - ROUND rounds to an integer
    static final int ROUND_BITS = 0x4B400000;     // bits of ROUND; bits(t + ROUND) - ROUND_BITS = n
    static final float LN2_HI = 0.693359375f;     // exact in 9 bits
    static final float LN2_LO = -2.12194440e-4f;
    // e^r on |r| <= ln 2 / 2: Taylor to r^7 (truncation < 1e-8 relative)
    static final float C2 = 1f / 2;
    static final float C3 = 1f / 6;
    static final float C4 = 1f / 24;
    static final float C5 = 1f / 120;
    static final float C6 = 1f / 720;
    static final float C7 = 1f / 5040;

    private Activations() {
    }

    /** e^x for float, with the operations {@link VectorKernels} repeats lane by lane. */
    static float exp(float x) {
        float v = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(v, LOG2E, ROUND);
        float nf = t - ROUND;
        int n = Float.floatToRawIntBits(t) - ROUND_BITS;
        float r = Math.fma(nf, -LN2_HI, v);
        r = Math.fma(nf, -LN2_LO, r);
        float p = Math.fma(C7, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat((n + 127) << 23);
    }

    /** 1 / (1 + e^-x). */
    static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    /** 1 - 2 / (e^2x + 1) (absolute error ~1e-7 near 0, where tanh x ≈ x). */
    static float tanh(float x) {
        return 1f - 2f / (exp(x + x) + 1f);
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
            a[i] = sigmoid(a[i]);
        }
    }

    static void scalarTanh(float[] src, int sOff, float[] dst, int dOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dOff + i] = tanh(src[sOff + i]);
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
