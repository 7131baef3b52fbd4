package dev.seqae.anomaly;

import dev.seqae.errors.InvalidInputException;
import java.util.Locale;

/**
 * How a series of point errors is smoothed before intervals are looked for.
 *
 * <ul>
 *   <li>{@link Kind#EWMA}: the exponentially weighted moving average (causal; seqae's detectors,
 *       telemanom), span as a fraction of the series;</li>
 *   <li>{@link Kind#CENTRED}: the centred rolling mean of Orion's {@code reconstruction_errors}
 *       (pandas {@code rolling(w, center=True, min_periods=w // 2).mean()}), {@code w} a fraction
 *       of the series capped at {@code cap} points;</li>
 *   <li>{@link Kind#NONE}.</li>
 * </ul>
 *
 * @param kind     which
 * @param fraction the window (or span) as a fraction of the series length, in [0, 1)
 * @param cap      the largest window in points (CENTRED; Orion: 200)
 */
public record Smoothing(Kind kind, double fraction, int cap) {

    /** The smoothing kinds. */
    public enum Kind { NONE, EWMA, CENTRED }

    public Smoothing {
        if (kind == null) {
            throw new InvalidInputException("smoothing kind must be given");
        }
        if (!(fraction >= 0 && fraction < 1)) {
            throw new InvalidInputException("smoothing fraction must be in [0, 1), got " + fraction);
        }
        if (cap < 1) {
            throw new InvalidInputException("smoothing cap must be >= 1, got " + cap);
        }
    }

    /** No smoothing. */
    public static Smoothing none() {
        return new Smoothing(Kind.NONE, 0, 1);
    }

    /**
     * The window (span) in points for a series of {@code length}: {@code floor(fraction·length)}
     * capped at {@link #cap} for CENTRED (as Orion truncates), {@code round(fraction·length)} for
     * EWMA (as seqae's detection recipes round); at least 1.
     */
    public int window(int length) {
        return switch (kind) {
            case NONE -> 1;
            case EWMA -> Math.max(1, (int) Math.round(fraction * length));
            case CENTRED -> Math.max(1, Math.min(cap, (int) Math.floor(fraction * length)));
        };
    }

    /** The smoothed copy of {@code x}; {@code reference} is the length the window is a fraction of. */
    public double[] apply(double[] x, int reference) {
        return switch (kind) {
            case NONE -> x.clone();
            case EWMA -> IntervalDetector.ewma(x, window(reference));
            case CENTRED -> centredMean(x, window(reference));
        };
    }

    /**
     * The centred rolling mean with pandas' alignment: point {@code i} is the mean of points
     * {@code i + 1 + o - w .. i + o} with {@code o = (w - 1) / 2} (so an even window reaches one
     * point further back than forward), clipped at the ends, where at least {@code w / 2} points
     * must remain (fewer only when the series itself is shorter).
     */
    public static double[] centredMean(double[] x, int w) {
        if (w < 1) {
            throw new InvalidInputException("rolling window must be >= 1, got " + w);
        }
        int n = x.length;
        double[] out = new double[n];
        if (w == 1) {
            System.arraycopy(x, 0, out, 0, n);
            return out;
        }
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + x[i];
        }
        int offset = (w - 1) / 2;
        for (int i = 0; i < n; i++) {
            int hi = Math.min(n - 1, i + offset);
            int lo = Math.max(0, i + 1 + offset - w);
            out[i] = (prefix[hi + 1] - prefix[lo]) / (hi - lo + 1);
        }
        return out;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case EWMA -> String.format(Locale.ROOT, "EWMA over %.3g of the series", fraction);
            case CENTRED -> String.format(Locale.ROOT, "centred mean over %.3g of the series (at most %d points)",
                    fraction, cap);
        };
    }
}
