package dev.seqae.cli;

import dev.seqae.data.LabeledSequence;
import dev.seqae.data.SequenceSet;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Sequences;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seqae encode}: latent vectors to CSV. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Write each sequence's latent vector (id, label, z0..zK) as CSV to --out or stdout.")
final class EncodeCommand implements Callable<Integer> {
    @Mixin
    ModelInput input;

    @Override
    public Integer call() throws Exception {
        SeqAutoencoderModel m = input.loadModel();
        SequenceSet set = Sequences.of(input.readData(), m);
        List<float[]> latent = m.encode(set.values());
        List<String> header = new ArrayList<>(List.of("id", "label"));
        for (int j = 0; j < m.latentWidth(); j++) {
            header.add("z" + j);
        }
        CsvOutput.write(input.out, header, p -> {
            for (int i = 0; i < latent.size(); i++) {
                LabeledSequence s = set.sequences().get(i);
                List<Object> row = new ArrayList<>();
                row.add(s.id());
                row.add(s.label() == null ? "" : s.label());
                for (float v : latent.get(i)) {
                    row.add(v);
                }
                p.printRecord(row);
            }
        });
        System.err.printf("encoded %d sequences to %d-dimensional latent vectors%n", latent.size(),
                m.latentWidth());
        return 0;
    }
}
