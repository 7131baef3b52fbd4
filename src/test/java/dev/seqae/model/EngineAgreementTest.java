package dev.seqae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SyntheticGenerator;
import dev.seqae.errors.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fast path and the SameDiff reference train the same model: same seed, same data, same curves. */
class EngineAgreementTest {

    @Test
    void lossCurvesOfBothEnginesAgree() {
        List<float[][]> data = SyntheticGenerator.regular(96, 20, 2, 8);
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {12}, 4, new int[] {12})
                .withTraining(5e-3, 16, 4, 0, 0.25, 3);
        var fast = new Trainer(cfg, null).fit(data, new String[] {"a", "b"}, "fast").provenance();
        var reference = new Trainer(cfg.withEngine(Engine.SAMEDIFF), null)
                .fit(data, new String[] {"a", "b"}, "samediff").provenance();
        assertEquals(4, fast.trainLossHistory().size());
        for (int e = 0; e < 4; e++) {
            double a = fast.trainLossHistory().get(e);
            double b = reference.trainLossHistory().get(e);
            assertEquals(b, a, 1e-4 * b, "training loss of epoch " + (e + 1));
            assertEquals(reference.validationLossHistory().get(e), fast.validationLossHistory().get(e),
                    1e-4 * b, "validation loss of epoch " + (e + 1));
        }
        assertTrue(fast.trainLossHistory().get(3) < fast.trainLossHistory().get(0), "it learns");
    }

    @Test
    void samediffEngineRefusesDropout() {
        var e = assertThrows(InvalidInputException.class, () -> ModelConfig.defaults()
                .withEngine(Engine.SAMEDIFF).withRegularization(0.1, 0, UpdaterKind.ADAM));
        assertEquals("the samediff engine does not support dropout, got 0.1", e.getMessage());
    }
}
