package dev.seqae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.Normalizer;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model trained on windows of a series, given separate sequences: scored in the same windows as
 * it denoises them (and as a series of that length is scored point by point), not as one long
 * sequence the network never saw.
 */
class WindowedSequenceScoringTest {
    private static SeqAutoencoderModel model;

    @BeforeAll
    static void train() {
        var series = SyntheticGenerator.series(600, 0, 3);
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {6}, 3, new int[] {6})
                .withTraining(1e-2, 32, 2, 0, 0.2, 11).withData(Normalizer.Kind.ZSCORE, 16, 2);
        model = new Trainer(cfg, null).fit(new TimeSeries("train", null, series.values(), new String[] {"v"}), "toy");
    }

    private static float[][] part(int from, int length) {
        return Arrays.copyOfRange(SyntheticGenerator.series(800, 0, 5).values(), from, from + length);
    }

    @Test
    void aSequenceIsScoredInTheWindowsItIsDenoisedIn() {
        float[][] a = part(0, 40);
        float[][] b = part(100, 64);
        var scores = model.score(List.of(a, b), null);
        assertEquals(4, model.sequenceStride());
        int k = 0;
        for (float[][] s : List.of(a, b)) {
            double[] points = model.scorePoints("s", s, model.sequenceStride(), null).scores();
            double[] steps = scores.get(k++).stepScores();
            assertEquals(s.length, steps.length);
            for (int t = 0; t < steps.length; t++) {
                assertEquals(points[t], steps[t], 1e-6 * Math.max(1, points[t]), "step " + t);
            }
        }
        // the sequence score is the scorer's (MSE: the mean) over the averaged errors
        double mean = Arrays.stream(scores.get(0).stepScores()).average().orElseThrow();
        assertEquals(mean, scores.get(0).score(), 1e-6 * mean);
        assertArrayEquals(model.denoiseSeries("s", a, model.sequenceStride())[7], model.denoise(List.<float[][]>of(a)).get(0)[7]);
    }

    @Test
    void aSequenceShorterThanTheWindowIsAnErrorThatNamesIt() {
        var e = assertThrows(InvalidInputException.class, () -> model.score(List.of(part(0, 40), part(0, 9)), null));
        assertTrue(e.getMessage().contains("sequence 1: window length 16 is longer than the series (9 points)"),
                e.getMessage());
    }
}
