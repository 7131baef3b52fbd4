package dev.seqae.projection;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.errors.Stopped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import smile.feature.extraction.PCA;
import smile.manifold.TSNE;
import smile.math.MathEx;

/** PCA and t-SNE of latent vectors (Smile 3.1). */
public final class Projector {
    /** t-SNE iterations between two checks for a stop. */
    static final int TSNE_ROUND = 100;

    private Projector() {
    }

    /**
     * t-SNE settings.
     *
     * @param perplexity   effective number of neighbours, > 0 and below (points − 1) / 3
     * @param learningRate gradient step, > 0
     * @param iterations   at least 250
     * @param seed         seeds the initial layout and the sample
     * @param maxPoints    above this many points, a stratified sample of this size is projected
     *                     (Smile's t-SNE is exact: O(n²) time and memory)
     * @param pcaDims      inputs wider than this are first reduced with PCA to this many dimensions
     */
    public record TsneOptions(double perplexity, double learningRate, int iterations, long seed, int maxPoints,
                              int pcaDims) {
        public TsneOptions {
            check(perplexity > 0 && Double.isFinite(perplexity), "perplexity must be > 0, got " + perplexity);
            check(learningRate > 0 && Double.isFinite(learningRate), "learning-rate must be > 0, got "
                    + learningRate);
            check(iterations >= 250, "iterations must be >= 250, got " + iterations);
            check(maxPoints >= 10, "max-points must be >= 10, got " + maxPoints);
            check(pcaDims >= 2, "pca-dims must be >= 2, got " + pcaDims);
        }

        /** Perplexity 30, learning rate 200, 1,000 iterations, seed 42, at most 2,000 points, PCA to 50. */
        public static TsneOptions defaults() {
            return new TsneOptions(30, 200, 1000, 42, 2000, 50);
        }
    }

    /** PCA to {@code dims} dimensions, with the variance share of each of them. */
    public static Projection pca(double[][] x, int dims) {
        requireShape(x, dims);
        requireSpread(x);
        PCA pca = PCA.fit(x);
        double[] share = pca.varianceProportion();
        double[][] y = pca.getProjection(dims).apply(x);
        return new Projection("pca", y, identity(x.length), Arrays.copyOf(share, dims), Double.NaN, null);
    }

    /**
     * t-SNE to {@code dims} dimensions. Above {@code maxPoints} rows a seeded sample is taken,
     * stratified by {@code strata} (labels or anomaly flags; null for a plain sample); inputs wider
     * than {@code pcaDims} are reduced with PCA first. Both are said in the result's note.
     */
    public static Projection tsne(double[][] x, int dims, TsneOptions o, String[] strata) {
        requireShape(x, dims);
        requireSpread(x);
        List<String> notes = new ArrayList<>();
        int[] rows = identity(x.length);
        if (x.length > o.maxPoints()) {
            rows = sample(x.length, o.maxPoints(), strata, o.seed());
            notes.add(String.format(Locale.ROOT, "sampled %,d of %,d points%s (seed %d)", rows.length, x.length,
                    strata == null ? "" : ", stratified by label", o.seed()));
        }
        double[][] input = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            input[i] = x[rows[i]];
        }
        double[] kept = null;
        if (input[0].length > o.pcaDims()) {
            PCA pca = PCA.fit(input);
            kept = Arrays.copyOf(pca.varianceProportion(), o.pcaDims());
            input = pca.getProjection(o.pcaDims()).apply(input);
            notes.add(String.format(Locale.ROOT, "reduced from %d to %d dimensions with PCA first (%.1f%% of the "
                    + "variance kept)", x[0].length, o.pcaDims(), 100 * Arrays.stream(kept).sum()));
        }
        double limit = (input.length - 1) / 3.0;
        if (o.perplexity() >= limit) {
            throw new InvalidInputException(String.format(Locale.ROOT, "perplexity must be below (points - 1) / 3 = "
                    + "%.1f for %d points, got %s", limit, input.length, o.perplexity()));
        }
        MathEx.setSeed(o.seed());
        // the affinities first (no iterations), then the iterations in rounds of TSNE_ROUND, so that an
        // interrupted thread stops between rounds. The exaggeration and momentum schedules follow
        // Smile's own iteration count and a round of 100 adds no cost evaluations; the momentum's
        // velocity starts again each round (Smile keeps it per call), which on separated clusters
        // gives the same neighbourhood agreement as one call at 300, 500 and 1,000 iterations
        TSNE t = new TSNE(input, dims, o.perplexity(), o.learningRate(), 0);
        for (int done = 0; done < o.iterations(); done += TSNE_ROUND) {
            Stopped.check("t-SNE");
            t.update(Math.min(TSNE_ROUND, o.iterations() - done));
        }
        return new Projection("tsne", t.coordinates, rows, kept, t.cost(), notes.isEmpty() ? null
                : String.join("; ", notes));
    }

    /**
     * The points must not all be the same: with zero variance PCA has no direction to project on
     * and t-SNE no neighbourhoods (Smile fails on it); the error says so. "The same" allows for
     * float rounding: identical sequences in one batch can come out of the LSTM a unit in the last
     * place apart, so points whose every coordinate spans at most {@value #SAME} of their
     * magnitude count as one.
     */
    static void requireSpread(double[][] x) {
        double spread = 0;
        double scale = 1;
        for (int j = 0; j < x[0].length; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] row : x) {
                lo = Math.min(lo, row[j]);
                hi = Math.max(hi, row[j]);
            }
            spread = Math.max(spread, hi - lo);
            scale = Math.max(scale, Math.max(Math.abs(lo), Math.abs(hi)));
        }
        if (spread > SAME * scale) {
            return;
        }
        throw new InvalidInputException("all " + x.length + " latent vectors are identical (the sequences are the "
                + "same, or the model maps them to one point): there is no spread to project; send sequences that "
                + "differ");
    }

    /** The relative spread below which points count as one (float32 rounding is about 6e-8). */
    static final double SAME = 1e-6;

    /**
     * {@code size} of {@code n} row indices, sorted, drawn without replacement with a seeded
     * generator; with strata, each stratum gets its share of the sample (largest remainders, at
     * least one row per stratum when the size allows).
     */
    static int[] sample(int n, int size, String[] strata, long seed) {
        Random rnd = new Random(seed);
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(strata == null ? "" : String.valueOf(strata[i]), k -> new ArrayList<>()).add(i);
        }
        List<String> keys = new ArrayList<>(groups.keySet());
        int[] quota = new int[keys.size()];
        double[] remainder = new double[keys.size()];
        int given = 0;
        for (int g = 0; g < keys.size(); g++) {
            double exact = (double) size * groups.get(keys.get(g)).size() / n;
            quota[g] = Math.max(keys.size() <= size ? 1 : 0, (int) Math.floor(exact));
            remainder[g] = exact - Math.floor(exact);
            given += quota[g];
        }
        while (given < size) {              // largest remainders get the rest
            int best = -1;
            for (int g = 0; g < keys.size(); g++) {
                if (quota[g] < groups.get(keys.get(g)).size() && (best < 0 || remainder[g] > remainder[best])) {
                    best = g;
                }
            }
            quota[best]++;
            remainder[best] = -1;
            given++;
        }
        while (given > size) {              // the "at least one" rule overshot: trim the largest
            int largest = 0;
            for (int g = 1; g < keys.size(); g++) {
                largest = quota[g] > quota[largest] ? g : largest;
            }
            quota[largest]--;
            given--;
        }
        List<Integer> picked = new ArrayList<>();
        for (int g = 0; g < keys.size(); g++) {
            List<Integer> members = new ArrayList<>(groups.get(keys.get(g)));
            java.util.Collections.shuffle(members, rnd);
            picked.addAll(members.subList(0, Math.min(quota[g], members.size())));
        }
        return picked.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static int[] identity(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static void requireShape(double[][] x, int dims) {
        check(x.length >= 3, "projection needs at least 3 points, got " + x.length);
        check(dims == 2 || dims == 3, "dims must be 2 or 3, got " + dims);
        int width = x[0].length;
        check(width >= dims, "latent vectors have " + width + " components; cannot project to " + dims);
        for (int i = 0; i < x.length; i++) {
            check(x[i].length == width, "point " + i + " has " + x[i].length + " components, the first " + width);
            for (double v : x[i]) {
                check(Double.isFinite(v), "point " + i + " has a non-finite component");
            }
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new InvalidInputException(message);
        }
    }
}
