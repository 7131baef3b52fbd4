package dev.seqae.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the golden model file and its expected outputs (run by hand once per format version,
 * never by the tests): {@code src/test/resources/golden/model-format<N>.seqae} and
 * {@code model-format<N>-expected.csv} (input sequence 0 and 1 of {@link TinyModels#DATA}, their
 * reconstructions and scores). {@link GoldenModelTest} checks that every committed golden file
 * keeps loading and keeps giving these outputs.
 */
public final class GoldenModelWriter {
    private GoldenModelWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("src/test/resources/golden");
        Files.createDirectories(dir);
        SeqAutoencoderModel model = TinyModels.train(DecoderKind.CONDITIONAL, true);
        String base = "model-format" + ModelState.CURRENT_FORMAT;
        ModelFile.save(model, dir.resolve(base + ".seqae"));
        List<float[][]> input = TinyModels.DATA.subList(0, 2);
        var recon = model.reconstruct(input, false);
        var scores = model.score(input, null);
        StringBuilder sb = new StringBuilder("sequence,step,feature,reconstruction\n");
        for (int i = 0; i < input.size(); i++) {
            float[][] r = recon.get(i).reconstruction();
            for (int t = 0; t < r.length; t++) {
                for (int f = 0; f < r[t].length; f++) {
                    sb.append(i).append(',').append(t).append(',').append(f).append(',').append(r[t][f]).append('\n');
                }
            }
            sb.append(i).append(",score,,").append(scores.get(i).score()).append('\n');
        }
        Files.writeString(dir.resolve(base + "-expected.csv"), sb);
    }
}
