package dev.seqae.math;

/** Matrix helpers for the few small matrices the core inverts (Mahalanobis scores, Savitzky–Golay weights). */
public final class Matrices {
    private Matrices() {
    }

    /**
     * The inverse of a small square matrix (Gauss–Jordan with partial pivoting); a singular one is
     * an {@link IllegalArgumentException} saying "{@code what} is singular".
     */
    public static double[][] invert(double[][] m, String what) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            double p = a[col][col];
            if (Math.abs(p) < 1e-300) {
                throw new IllegalArgumentException(what + " is singular");
            }
            for (int j = 0; j < 2 * n; j++) {
                a[col][j] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && a[r][col] != 0) {
                    double factor = a[r][col];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] -= factor * a[col][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
