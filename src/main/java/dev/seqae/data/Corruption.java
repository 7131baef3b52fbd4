package dev.seqae.data;

import dev.seqae.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded corruptions of sequences, for training a denoising autoencoder (corrupted inputs, clean
 * targets) and for measuring one. Strengths are relative to each feature's spread, so one setting
 * means the same for every feature:
 * <ul>
 *   <li>{@code noise}: Gaussian noise with standard deviation {@code noise · sd_f} added to every value;</li>
 *   <li>{@code spikeRate}, {@code spikeMagnitude}: each value, with probability {@code spikeRate},
 *       gets an impulse of {@code ± spikeMagnitude · sd_f} (random sign);</li>
 *   <li>{@code mask}: each step, with probability {@code mask}, loses all its values — they are
 *       replaced by the feature's mean (dropout of steps).</li>
 * </ul>
 * Applied in that order. {@link #NONE} changes nothing.
 *
 * @param noise          Gaussian σ as a fraction of each feature's standard deviation (≥ 0)
 * @param mask           probability that a step is masked (0 ≤ p < 1)
 * @param spikeRate      probability that a value gets a spike (0 ≤ r < 1)
 * @param spikeMagnitude spike height in standard deviations (> 0 when spikeRate > 0)
 */
public record Corruption(double noise, double mask, double spikeRate, double spikeMagnitude) {
    /** No corruption: an ordinary (not denoising) autoencoder. */
    public static final Corruption NONE = new Corruption(0, 0, 0, 0);

    public Corruption {
        check(noise >= 0 && Double.isFinite(noise), "noise must be >= 0, got " + noise);
        check(mask >= 0 && mask < 1, "mask must be in [0, 1), got " + mask);
        check(spikeRate >= 0 && spikeRate < 1, "spike rate must be in [0, 1), got " + spikeRate);
        check(spikeMagnitude >= 0 && Double.isFinite(spikeMagnitude), "spike magnitude must be >= 0, got "
                + spikeMagnitude);
        check(spikeRate == 0 || spikeMagnitude > 0, "spikes need a magnitude > 0 (spike rate " + spikeRate + ")");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }

    /** Whether this corrupts anything. */
    public boolean active() {
        return noise > 0 || mask > 0 || spikeRate > 0;
    }

    /** Only Gaussian noise. */
    public static Corruption gaussian(double noise) {
        return new Corruption(noise, 0, 0, 0);
    }

    /** Only masking. */
    public static Corruption masking(double p) {
        return new Corruption(0, p, 0, 0);
    }

    /** Only spikes. */
    public static Corruption spikes(double rate, double magnitude) {
        return new Corruption(0, 0, rate, magnitude);
    }

    /**
     * A corrupted copy of {@code seq} {@code [steps][features]}.
     *
     * @param stats z-score statistics of the data ({@code Normalizer.fit(ZSCORE, ...)}): the
     *              standard deviation is the unit of noise and spikes, the mean what a masked step becomes
     */
    public float[][] apply(float[][] seq, Normalizer stats, SplittableRandom rnd) {
        double[] sd = stats.scale();
        double[] mean = stats.offset();
        float[][] out = new float[seq.length][];
        for (int t = 0; t < seq.length; t++) {
            float[] step = seq[t].clone();
            for (int f = 0; f < step.length; f++) {
                double v = step[f];
                if (noise > 0) {
                    v += noise * sd[f] * gaussian(rnd);
                }
                if (spikeRate > 0 && rnd.nextDouble() < spikeRate) {
                    v += (rnd.nextBoolean() ? 1 : -1) * spikeMagnitude * sd[f];
                }
                step[f] = (float) v;
            }
            if (mask > 0 && rnd.nextDouble() < mask) {
                for (int f = 0; f < step.length; f++) {
                    step[f] = (float) mean[f];
                }
            }
            out[t] = step;
        }
        return out;
    }

    /** Corrupted copies of every sequence, in order, from one random stream. */
    public List<float[][]> apply(List<float[][]> seqs, Normalizer stats, SplittableRandom rnd) {
        List<float[][]> out = new ArrayList<>(seqs.size());
        for (float[][] s : seqs) {
            out.add(apply(s, stats, rnd));
        }
        return out;
    }

    static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String toString() {
        if (!active()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (noise > 0) {
            parts.add(String.format(Locale.ROOT, "noise %.3g sd", noise));
        }
        if (spikeRate > 0) {
            parts.add(String.format(Locale.ROOT, "spikes %.3g of values at %.3g sd", spikeRate, spikeMagnitude));
        }
        if (mask > 0) {
            parts.add(String.format(Locale.ROOT, "mask %.3g of steps", mask));
        }
        return String.join(", ", parts);
    }
}
