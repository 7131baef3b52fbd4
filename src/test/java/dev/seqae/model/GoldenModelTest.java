package dev.seqae.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Model files committed by earlier versions keep loading and keep giving the same outputs. */
class GoldenModelTest {
    @Test
    void formatOneModelLoadsAndReproducesItsOutputs() throws IOException {
        Path dir = Path.of("src/test/resources/golden");
        SeqAutoencoderModel model = ModelFile.load(dir.resolve("model-format1.seqae"));
        List<float[][]> input = TinyModels.DATA.subList(0, 2);
        var recon = model.reconstruct(input, false);
        var scores = model.score(input, null);
        List<String> lines = Files.readAllLines(dir.resolve("model-format1-expected.csv"));
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            int seq = Integer.parseInt(c[0]);
            if (c[1].equals("score")) {
                assertEquals(Double.parseDouble(c[3]), scores.get(seq).score(), 1e-6);
            } else {
                float expected = Float.parseFloat(c[3]);
                float actual = recon.get(seq).reconstruction()[Integer.parseInt(c[1])][Integer.parseInt(c[2])];
                assertEquals(expected, actual, 1e-5f, line);
            }
            checked++;
        }
        assertTrue(checked > 90, "expected values checked: " + checked);
        assertEquals(11L, model.provenance().seed());
        // written before the POT threshold existed: asking for it is a clear error, not a crash
        var missing = org.junit.jupiter.api.Assertions.assertThrows(dev.seqae.errors.InvalidInputException.class,
                () -> model.threshold(dev.seqae.anomaly.ThresholdStrategy.POT));
        assertTrue(missing.getMessage().startsWith("this model has no 'pot' threshold"), missing.getMessage());
        assertEquals(null, model.provenance().trainingThreads(), "not recorded in format-1 files of that time");
    }
}
