package dev.seqae.model;

import dev.seqae.data.SyntheticGenerator;
import java.util.List;

/** Small seeded models trained in a few seconds, shared by tests. */
final class TinyModels {
    private TinyModels() {
    }

    static final List<float[][]> DATA = SyntheticGenerator.normal(96, 24, 2, 5);

    static SeqAutoencoderModel train(DecoderKind kind, boolean reversed) {
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {12}, 4, new int[] {12})
                .withDecoder(kind, reversed).withTraining(5e-3, 16, 3, 0, 0.25, 11);
        return new Trainer(cfg, null).fit(DATA, new String[] {"a", "b"}, "tiny synthetic");
    }
}
