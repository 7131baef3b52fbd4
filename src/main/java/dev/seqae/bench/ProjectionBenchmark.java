package dev.seqae.bench;

import dev.seqae.projection.Projection;
import dev.seqae.projection.Projector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * {@code seqae bench --projection}: PCA of 10,000 latent-like vectors of size 16 (first call and
 * warm median of 5) and t-SNE of 2,000 (the defaults: perplexity 30, 1,000 iterations), seeded
 * Gaussian clusters so the work is that of real latent spaces.
 */
public final class ProjectionBenchmark {
    private ProjectionBenchmark() {
    }

    static double[][] latents(int n, int dims, long seed) {
        Random r = new Random(seed);
        double[][] centres = new double[5][dims];
        for (double[] c : centres) {
            for (int j = 0; j < dims; j++) {
                c[j] = 3 * r.nextGaussian();
            }
        }
        double[][] x = new double[n][dims];
        for (int i = 0; i < n; i++) {
            double[] c = centres[i % centres.length];
            for (int j = 0; j < dims; j++) {
                x[i][j] = c[j] + r.nextGaussian();
            }
        }
        return x;
    }

    /** Runs both and returns the JSON document. */
    public static Map<String, Object> run() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "projection");
        double[][] big = latents(10_000, 16, 1);
        long t0 = System.nanoTime();
        Projector.pca(big, 2);
        out.put("pca_10000x16_first_s", (System.nanoTime() - t0) / 1e9);
        double[] warm = new double[5];
        for (int i = 0; i < warm.length; i++) {
            long t = System.nanoTime();
            Projector.pca(big, 2);
            warm[i] = (System.nanoTime() - t) / 1e9;
        }
        java.util.Arrays.sort(warm);
        out.put("pca_10000x16_warm_median_s", warm[2]);
        double[][] small = latents(2_000, 16, 2);
        long t1 = System.nanoTime();
        Projection p = Projector.tsne(small, 2, Projector.TsneOptions.defaults(), null);
        out.put("tsne_2000x16_s", (System.nanoTime() - t1) / 1e9);
        out.put("tsne_cost", p.cost());
        out.put("tsne_settings", Projector.TsneOptions.defaults().toString());
        return out;
    }
}
