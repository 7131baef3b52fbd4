package dev.seqae.evaluation;

import dev.seqae.errors.InvalidInputException;

/**
 * The classic filters a denoising autoencoder is measured against, per feature along time:
 * a centred moving average and a Savitzky–Golay filter (a least-squares polynomial fitted to
 * each window). Near the ends, where a centred window does not fit, the moving average uses the
 * points there are and Savitzky–Golay evaluates the polynomial fitted to the first (last) full
 * window — scipy's {@code mode='interp'}.
 */
public final class Smoothers {
    private Smoothers() {
    }

    /** Centred moving average of odd width {@code window} (shrinking at the ends). */
    public static float[][] movingAverage(float[][] x, int window) {
        checkOdd(window);
        int half = window / 2;
        int n = x.length;
        int features = n == 0 ? 0 : x[0].length;
        float[][] out = new float[n][features];
        for (int f = 0; f < features; f++) {
            for (int t = 0; t < n; t++) {
                int from = Math.max(0, t - half);
                int to = Math.min(n - 1, t + half);
                double sum = 0;
                for (int u = from; u <= to; u++) {
                    sum += x[u][f];
                }
                out[t][f] = (float) (sum / (to - from + 1));
            }
        }
        return out;
    }

    /**
     * Savitzky–Golay smoothing with an odd {@code window} and polynomial {@code order} &lt; window;
     * a sequence shorter than the window is smoothed with the largest odd window that fits.
     */
    public static float[][] savitzkyGolay(float[][] x, int window, int order) {
        checkOdd(window);
        if (order < 0 || order >= window) {
            throw new InvalidInputException("Savitzky-Golay order must be in [0, window), got " + order + " for window "
                    + window);
        }
        int n = x.length;
        int w = Math.min(window, n % 2 == 1 ? n : n - 1);
        int k = Math.min(order, w - 1);
        int features = n == 0 ? 0 : x[0].length;
        float[][] out = new float[n][features];
        if (w < 1) {
            return out;
        }
        int half = w / 2;
        double[][] coeff = coefficients(w, k);          // coeff[p + half][j]: value at offset p from window j
        for (int f = 0; f < features; f++) {
            for (int t = 0; t < n; t++) {
                int start = Math.min(Math.max(0, t - half), n - w);
                int p = t - start - half;                     // the point's offset from the window's centre
                double v = 0;
                for (int j = 0; j < w; j++) {
                    v += coeff[p + half][j] * x[start + j][f];
                }
                out[t][f] = (float) v;
            }
        }
        return out;
    }

    /**
     * Rows p = -half..half: the weights that give, from a window's values, the least-squares
     * polynomial of degree {@code order} evaluated at offset p — {@code v(p)ᵀ (AᵀA)⁻¹ Aᵀ}.
     */
    static double[][] coefficients(int window, int order) {
        int half = window / 2;
        int m = order + 1;
        double[][] ata = new double[m][m];
        for (int j = -half; j <= half; j++) {
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    ata[a][b] += Math.pow(j, a + b);
                }
            }
        }
        double[][] inv = dev.seqae.math.Matrices.invert(ata, "the Savitzky-Golay normal matrix");
        double[][] out = new double[window][window];
        for (int p = -half; p <= half; p++) {
            for (int j = -half; j <= half; j++) {
                double v = 0;
                for (int a = 0; a < m; a++) {
                    for (int b = 0; b < m; b++) {
                        v += Math.pow(p, a) * inv[a][b] * Math.pow(j, b);
                    }
                }
                out[p + half][j + half] = v;
            }
        }
        return out;
    }

    private static void checkOdd(int window) {
        if (window < 1 || window % 2 == 0) {
            throw new InvalidInputException("a centred window must be odd and >= 1, got " + window);
        }
    }
}
