package dev.seqae.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.Normalizer;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The denoise suite's mechanics on a small synthetic run: corruption strengths, tuned baselines, table, picture. */
class DenoiseSuiteTest {
    @TempDir
    Path dir;

    @Test
    void measuresNoisyDenoisedAndTunedBaselinesAtEveryStrength() throws Exception {
        DenoiseSuite.Data data = new DenoiseSuite.Data("tiny", "a small split", SyntheticGenerator.regular(200, 32, 1, 1),
                SyntheticGenerator.regular(40, 32, 1, 2), SyntheticGenerator.regular(60, 32, 1, 3),
                new String[] {"x"});
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {16}, 4, new int[] {16})
                .withTraining(5e-3, 32, 3, 0, 0.2, 5).withData(Normalizer.Kind.ZSCORE, 16, 8);
        List<String> log = new ArrayList<>();
        DenoiseSuite.DatasetResult r = DenoiseSuite.run(data, cfg, 1, List.of(DenoiseSuite.Kind.GAUSSIAN), dir,
                log::add);
        assertEquals(4, r.rows().size());
        double sd = Normalizer.fit(Normalizer.Kind.ZSCORE, data.heldOut(), 1).scale()[0];
        for (DenoiseSuite.Row row : r.rows()) {
            assertEquals(row.strength() * sd, row.noisy().rmse(), 0.1 * row.strength() * sd,
                    "the noise is as strong as configured: " + row);
            assertTrue(row.maWindow() % 2 == 1 && row.sgWindow() % 2 == 1 && row.sgOrder() < row.sgWindow(), row.toString());
            assertTrue(row.noisy().snrDb() > 0 && Double.isFinite(row.denoised().snrDb()));
        }
        assertTrue(r.rows().get(3).savitzkyGolay().rmse() < r.rows().get(3).noisy().rmse(),
                "a tuned filter removes some of strong noise");
        String md = DenoiseSuite.markdown(r);
        assertEquals(4, md.lines().filter(l -> l.startsWith("| gaussian |")).count(), md);
        assertTrue(Files.size(dir.resolve("tiny-gaussian.png")) > 5_000, "the overlay picture of strength 0.3");
        assertTrue(log.get(0).startsWith("tiny: training a denoiser for gaussian (noise 0.300 sd)"), log.get(0));
    }
}
