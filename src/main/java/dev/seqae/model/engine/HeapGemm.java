package dev.seqae.model.engine;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code c += a·b} on heap arrays for the recurrent products of an LSTM step (forward
 * {@code h_{t-1}·Wr}, backward {@code dA·Wrᵀ}), with {@code b} (a layer's recurrent weights or
 * their transpose) packed once per pass. A native product (OpenBLAS, through an ND4J op) packs
 * {@code b} again on every call and pays a fixed call cost, which at
 * the small batches of scoring are most of its time: a {@code [32, 64]·[64, 256]} product took
 * about as long as a {@code [64, 64]·[64, 256]} one through OpenBLAS here. Packed, the product is
 * a loop of broadcast-and-FMA over contiguous panels, with the step's gates ({@code c}) never
 * leaving the heap.
 *
 * <p>Packed layout: the columns in panels of {@link #PANEL} ({@code 2} vectors of the preferred
 * species, or 16 without the Vector API); panel {@code p} holds rows {@code 0..K-1} of its columns
 * contiguously ({@code packed[(p·K + k)·PANEL + j] = b[k][p·PANEL + j]}); the columns past the last
 * full panel follow column by column ({@code packed[full·K + j·K + k] = b[k][full + j]}), each a
 * contiguous run that a row of {@code a} meets in a vectorised dot product (an output layer of a
 * few features is all tail: {@code [rows, H]·[H, F]} with {@code F < PANEL}). Packing is not
 * thread-safe; once packed, {@link #multiplyAdd} only reads, so one packed matrix may serve many
 * threads ({@link HeapForward}). The summation order differs from BLAS's, so results agree with
 * the native product to float rounding, not bit for bit.
 */
final class HeapGemm {
    /** Columns per packed panel. */
    static final int PANEL = Activations.VECTORIZED ? VectorKernels.gemmPanel() : 16;

    final int k;
    final int n;
    /** Columns in full panels. */
    final int full;
    private final float[] packed;
    private final float[] row;

    HeapGemm(int k, int n) {
        this.k = k;
        this.n = n;
        this.full = n - n % PANEL;
        this.packed = new float[Math.multiplyExact(k, n)];
        this.row = new float[Math.max(k, n)];
    }

    /** Packs {@code b} ({@code [K, N]}, float; copied first unless it is row-major). */
    void pack(INDArray b) {
        if (b.rows() != k || b.columns() != n) {
            throw new IllegalArgumentException("expected [" + k + ", " + n + "] weights, got " + b.rows() + "x"
                    + b.columns());
        }
        INDArray w = rowMajor(b) ? b : b.dup('c');
        FloatBuffer src = CellKernel.bytes(w).asFloatBuffer();
        int base = Math.toIntExact(w.offset());
        int panels = full / PANEL;
        int tail = n - full;
        for (int kk = 0; kk < k; kk++) {
            src.get(base + kk * n, row, 0, n);
            for (int p = 0; p < panels; p++) {
                System.arraycopy(row, p * PANEL, packed, (p * k + kk) * PANEL, PANEL);
            }
            for (int j = 0; j < tail; j++) {
                packed[full * k + j * k + kk] = row[full + j];
            }
        }
    }

    /** Packs the transpose of {@code w} ({@code [N, K]}, float, row-major; copied first unless it is). */
    void packTransposeOf(INDArray w) {
        if (w.rows() != n || w.columns() != k) {
            throw new IllegalArgumentException("expected [" + n + ", " + k + "] weights to transpose, got "
                    + w.rows() + "x" + w.columns());
        }
        INDArray v = rowMajor(w) ? w : w.dup('c');
        FloatBuffer src = CellKernel.bytes(v).asFloatBuffer();
        int base = Math.toIntExact(v.offset());
        for (int r = 0; r < n; r++) {          // row r of w is column r of the packed matrix
            src.get(base + r * k, row, 0, k);
            if (r < full) {
                int start = (r / PANEL) * k * PANEL + r % PANEL;
                for (int kk = 0; kk < k; kk++) {
                    packed[start + kk * PANEL] = row[kk];
                }
            } else {
                System.arraycopy(row, 0, packed, full * k + (r - full) * k, k);
            }
        }
    }

    private static boolean rowMajor(INDArray a) {
        return a.ordering() == 'c' && (a.rows() == 1 || a.stride(0) == a.columns())
                && (a.columns() == 1 || a.stride(1) == 1);
    }

    /**
     * {@code c[cOff + i·n + j] += Σ_kk a[aOff + i·K + kk] · b[kk][j]} for rows {@code i < m}:
     * {@code a} is {@code [m, K]} and {@code c} {@code [m, N]}, both row-major and contiguous.
     */
    void multiplyAdd(float[] a, int aOff, int m, float[] c, int cOff, boolean vectorized) {
        if (vectorized) {
            VectorKernels.gemm(a, aOff, m, k, packed, full, c, cOff, n);
        } else {
            for (int col = 0; col < full; col += PANEL) {
                scalarBlock(a, aOff, m, c, cOff, col, PANEL);
            }
        }
        if (full < n) {
            tailColumns(a, aOff, m, c, cOff, vectorized);
        }
    }

    /** The columns past the last full panel: per row of {@code a} and column, a dot product over K. */
    private void tailColumns(float[] a, int aOff, int m, float[] c, int cOff, boolean vectorized) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * k;
            int ci = cOff + i * n;
            for (int j = full; j < n; j++) {
                int bj = j * k;             // full·K + (j - full)·K
                c[ci + j] += vectorized ? VectorKernels.dot(a, ai, packed, bj, k) : scalarDot(a, ai, packed, bj, k);
            }
        }
    }

    private static float scalarDot(float[] a, int aOff, float[] b, int bOff, int len) {
        float s = 0f;
        for (int kk = 0; kk < len; kk++) {
            s += a[aOff + kk] * b[bOff + kk];
        }
        return s;
    }

    /** Columns {@code [col, col + width)} of a full panel, stored from {@code packed[col·K]} at row stride {@code width}. */
    private void scalarBlock(float[] a, int aOff, int m, float[] c, int cOff, int col, int width) {
        int bo = col * k;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n + col;
            int ai = aOff + i * k;
            for (int kk = 0; kk < k; kk++) {
                float av = a[ai + kk];
                int bk = bo + kk * width;
                for (int j = 0; j < width; j++) {
                    c[ci + j] += av * packed[bk + j];
                }
            }
        }
    }
}
