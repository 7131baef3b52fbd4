package dev.seqae.projection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.InvalidInputException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProjectorTest {
    /** Two well-separated clusters in {@code dims} dimensions, labels "a" and "b" (a third of them "b"). */
    static double[][] clusters(int n, int dims, long seed, String[] labels) {
        Random r = new Random(seed);
        double[][] x = new double[n][dims];
        for (int i = 0; i < n; i++) {
            boolean b = i % 3 == 0;
            labels[i] = b ? "b" : "a";
            for (int j = 0; j < dims; j++) {
                x[i][j] = r.nextGaussian() + (b ? 6 : 0) * (j == 0 ? 1 : 0.2);
            }
        }
        return x;
    }

    @Test
    void identicalPointsAreAClearErrorNotALibraryFailure() {
        double[][] same = new double[20][];
        for (int i = 0; i < same.length; i++) {
            same[i] = new double[] {0.5, -1, 2};
        }
        for (org.junit.jupiter.api.function.Executable call : java.util.List.<org.junit.jupiter.api.function.Executable>of(
                () -> Projector.pca(same, 2), () -> Projector.tsne(same, 2, Projector.TsneOptions.defaults(), null))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, call);
            assertTrue(e.getMessage().startsWith("all 20 latent vectors are identical"), e.getMessage());
        }
        double[][] rounded = same.clone();
        rounded[3] = new double[] {0.5, -1, Math.nextUp(2f)};   // float rounding, as the LSTM gives
        assertThrows(InvalidInputException.class, () -> Projector.pca(rounded, 2));
        double[][] one = same.clone();
        one[7] = new double[] {0.5, -1, 2.001};
        assertEquals(20, Projector.pca(one, 2).coordinates().length, "one point apart is enough");
    }

    @Test
    void pcaHasTheRightShapeAndExplainedVarianceAtMostOne() {
        String[] labels = new String[400];
        double[][] x = clusters(400, 16, 1, labels);
        Projection p = Projector.pca(x, 2);
        assertEquals(400, p.coordinates().length);
        assertEquals(2, p.coordinates()[0].length);
        assertEquals(2, p.explainedVariance().length);
        assertTrue(p.explainedVariance()[0] >= p.explainedVariance()[1]);
        assertTrue(Arrays.stream(p.explainedVariance()).sum() <= 1 + 1e-12);
        assertTrue(p.complete(400));
        assertEquals(3, Projector.pca(x, 3).coordinates()[0].length);
        // the clusters lie along the first component: kNN agreement near 1
        assertTrue(Neighbours.knnAgreement(p.coordinates(), labels, 10) > 0.95);
    }

    @Test
    void tsneIsReproducibleWithASeedAndSeparatesClusters() {
        String[] labels = new String[150];
        double[][] x = clusters(150, 8, 2, labels);
        Projector.TsneOptions o = new Projector.TsneOptions(20, 200, 500, 7, 2000, 50);
        Projection a = Projector.tsne(x, 2, o, labels);
        Projection b = Projector.tsne(x, 2, o, labels);
        for (int i = 0; i < 150; i++) {
            assertArrayEquals(a.coordinates()[i], b.coordinates()[i], 0, "point " + i);
        }
        assertTrue(Neighbours.knnAgreement(a.coordinates(), labels, 10) > 0.95);
        assertEquals(null, a.note());
    }

    @Test
    void aboveTheLimitTsneSamplesByStratumAndReducesWideInputs() {
        String[] labels = new String[600];
        double[][] x = clusters(600, 60, 3, labels);
        Projector.TsneOptions o = new Projector.TsneOptions(10, 200, 250, 5, 120, 50);
        Projection p = Projector.tsne(x, 2, o, labels);
        assertEquals(120, p.rows().length);
        assertEquals(120, p.coordinates().length);
        long b = Arrays.stream(p.rows()).filter(i -> labels[i].equals("b")).count();
        assertEquals(40, b, "a third of the sample is 'b', as in the data");
        assertTrue(p.note().contains("sampled 120 of 600 points, stratified by label"), p.note());
        assertTrue(p.note().contains("reduced from 60 to 50 dimensions with PCA first"), p.note());
        assertTrue(Arrays.stream(p.explainedVariance()).sum() <= 1 + 1e-12);
        int[] again = Projector.sample(600, 120, labels, 5);
        assertArrayEquals(p.rows(), again, "the sample is seeded");
    }

    @Test
    void stratifiedSampleKeepsSmallStrataAndTheSize() {
        String[] strata = new String[1000];
        for (int i = 0; i < 1000; i++) {
            strata[i] = i < 3 ? "rare" : "common";
        }
        int[] s = Projector.sample(1000, 50, strata, 1);
        assertEquals(50, s.length);
        assertTrue(Arrays.stream(s).filter(i -> i < 3).count() >= 1, "the rare stratum is represented");
        assertEquals(50, Arrays.stream(s).distinct().count());
    }

    @Test
    void badSettingsAreClearErrors() {
        double[][] x = clusters(30, 4, 4, new String[30]);
        var e = assertThrows(InvalidInputException.class, () -> Projector.tsne(x, 2,
                new Projector.TsneOptions(30, 200, 300, 1, 2000, 50), null));
        assertTrue(e.getMessage().contains("perplexity must be below (points - 1) / 3 = 9.7 for 30 points"),
                e.getMessage());
        assertThrows(InvalidInputException.class, () -> Projector.pca(x, 4));
        assertThrows(InvalidInputException.class, () -> Projector.pca(new double[][] {{1, 2}, {3, 4}}, 2));
        assertThrows(InvalidInputException.class, () -> new Projector.TsneOptions(-1, 200, 300, 1, 2000, 50));
    }

    @Test
    void knnAgreementOnAHandWorkedExample() {
        // a-points at 0, 1, 2 and b-points at 10, 11: with k = 1 every nearest neighbour has the same label
        double[][] c = {{0, 0}, {1, 0}, {2, 0}, {10, 0}, {11, 0}};
        String[] l = {"a", "a", "a", "b", "b"};
        assertEquals(1.0, Neighbours.knnAgreement(c, l, 1), 1e-12);
        // k = 2: the b-points' second neighbour is an a-point: (1 + 1 + 1 + 0.5 + 0.5) / 5
        assertEquals(0.8, Neighbours.knnAgreement(c, l, 2), 1e-12);
    }
}
