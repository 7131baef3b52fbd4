package dev.seqae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.Corruption;
import dev.seqae.data.Normalizer;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.data.TimeSeries;
import dev.seqae.evaluation.DenoiseSuite;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning test (seeded, a few seconds): a small autoencoder trained on windows of a series with
 * corrupted inputs and clean targets restores a held-out noisy series, denoised window by window —
 * RMSE at most 60 % of the noisy input's — and its corruption travels with the model file.
 */
@Tag("learning")
class DenoisingLearningTest {
    @TempDir
    Path dir;

    @Test
    void aDenoisingModelReducesTheErrorOfANoisySeriesByAFixedMargin() throws Exception {
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {32}, 8, new int[] {32})
                .withTraining(5e-3, 32, 15, 0, 0.2, 42).withData(Normalizer.Kind.ZSCORE, 16, 2)
                .withCorruption(Corruption.gaussian(0.5));
        SeqAutoencoderModel model = new Trainer(cfg, null).fit(new TimeSeries("train", null,
                SyntheticGenerator.series(3000, 0, 1).values(), new String[] {"x"}), "synthetic series");
        assertTrue(model.denoising());
        float[][] clean = SyntheticGenerator.series(1000, 0, 2).values();
        Normalizer stats = Normalizer.fit(Normalizer.Kind.ZSCORE, List.<float[][]>of(clean), 1);
        float[][] noisy = Corruption.gaussian(0.5).apply(clean, stats, new SplittableRandom(3));
        double before = DenoiseSuite.quality(List.<float[][]>of(clean), List.<float[][]>of(noisy)).rmse();
        float[][] denoised = model.denoiseSeries("test", noisy, null);
        double after = DenoiseSuite.quality(List.<float[][]>of(clean), List.<float[][]>of(denoised)).rmse();
        System.out.printf("denoising a synthetic series (σ = 0.5 sd): RMSE %.4f -> %.4f%n", before, after);
        assertTrue(after <= 0.6 * before, "RMSE " + before + " -> " + after);

        Path file = dir.resolve("denoiser.seqae");
        ModelFile.save(model, file);
        SeqAutoencoderModel back = ModelFile.load(file);
        assertEquals(Corruption.gaussian(0.5), back.config().corruption(), "the corruption is saved with the model");
        assertEquals(denoised[500][0], back.denoiseSeries("test", noisy, null)[500][0]);
        assertFalse(TinyModels.train(DecoderKind.REPEAT, false).denoising());
    }

    @Test
    void aWindowedDenoiserRestoresSeparateNoisySequences() {
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {32}, 8, new int[] {32})
                .withTraining(5e-3, 32, 15, 0, 0.2, 42).withData(Normalizer.Kind.ZSCORE, 16, 4)
                .withCorruption(new Corruption(0.5, 0.05, 0, 3));
        SeqAutoencoderModel model = new Trainer(cfg, null)
                .fit(SyntheticGenerator.regular(400, 48, 2, 1), new String[] {"a", "b"}, "synthetic");
        List<float[][]> clean = SyntheticGenerator.regular(100, 48, 2, 2);
        Normalizer stats = Normalizer.fit(Normalizer.Kind.ZSCORE, clean, 2);
        List<float[][]> noisy = Corruption.gaussian(0.5).apply(clean, stats, new SplittableRandom(4));
        double before = DenoiseSuite.quality(clean, noisy).rmse();
        double after = DenoiseSuite.quality(clean, model.denoise(noisy)).rmse();
        System.out.printf("denoising separate synthetic sequences (σ = 0.5 sd): RMSE %.4f -> %.4f%n", before, after);
        assertTrue(after <= 0.6 * before, "RMSE " + before + " -> " + after);
    }
}
