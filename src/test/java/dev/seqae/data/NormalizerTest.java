package dev.seqae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizerTest {
    @Test
    void symmetricMinMaxMapsTheTrainingRangeOntoMinusOneToOne() {
        List<float[][]> train = List.<float[][]>of(new float[][] {{2, 7}, {6, 7}, {4, 7}});
        Normalizer n = Normalizer.fit(Normalizer.Kind.SYMMETRIC_MINMAX, train, 2);
        float[][] y = n.apply(new float[][] {{2, 7}, {6, 7}, {4, 8}, {10, 6}});
        assertEquals(-1f, y[0][0]);
        assertEquals(1f, y[1][0]);
        assertEquals(0f, y[2][0]);
        assertEquals(3f, y[3][0]);          // outside the training range: beyond 1, as scikit-learn
        // a constant feature: range taken as 1, so it maps to -1 and moves 2 per unit (scikit-learn)
        assertEquals(-1f, y[0][1]);
        assertEquals(1f, y[2][1]);
        assertEquals(-3f, y[3][1]);
        assertEquals(10f, n.invert(y)[3][0], 1e-6);
        float[][] back = n.invertInPlace(y);
        assertTrue(back == y, "inverted over its input");
        assertEquals(10f, y[3][0], 1e-6);
        assertEquals(6f, y[3][1], 1e-6);
    }

    @Test
    void statisticsOfPartsMergeIntoTheWholesNormaliser() {
        List<float[][]> all = SyntheticGenerator.normal(30, 12, 3, 4);
        for (Normalizer.Kind kind : Normalizer.Kind.values()) {
            Normalizer whole = Normalizer.fit(kind, all, 3);
            Normalizer.Statistics first = new Normalizer.Statistics(3);
            Normalizer.Statistics second = new Normalizer.Statistics(3);
            for (int i = 0; i < all.size(); i++) {
                (i % 3 == 0 ? first : second).add(all.get(i));
            }
            Normalizer merged = first.merge(second).normalizer(kind);
            assertEquals(360, first.steps());
            for (int f = 0; f < 3; f++) {
                assertEquals(whole.offset()[f], merged.offset()[f], 1e-12, kind + " offset " + f);
                assertEquals(whole.scale()[f], merged.scale()[f], 1e-12, kind + " scale " + f);
            }
        }
        // one part, in the same order: exactly fit's
        Normalizer.Statistics one = new Normalizer.Statistics(3);
        all.forEach(one::add);
        org.junit.jupiter.api.Assertions.assertArrayEquals(Normalizer.fit(Normalizer.Kind.ZSCORE, all, 3).scale(),
                one.normalizer(Normalizer.Kind.ZSCORE).scale());
    }
}
