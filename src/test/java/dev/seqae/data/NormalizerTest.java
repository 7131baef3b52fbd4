package dev.seqae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    }
}
