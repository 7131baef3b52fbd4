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
import picocli.CommandLine.Option;

/** {@code seqae reconstruct}: the model's reconstruction of each sequence, long form. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Write reconstructions as long-form CSV (id, step, then per feature the input and its "
                + "reconstruction) to --out or stdout. A time series is cut into the model's windows.")
final class ReconstructCommand implements Callable<Integer> {
    @Mixin
    ModelInput input;

    @Option(names = "--free-running", description = "conditional decoder: feed back its own outputs "
            + "instead of the true previous step")
    boolean freeRunning;

    @Override
    public Integer call() throws Exception {
        SeqAutoencoderModel m = input.loadModel();
        SequenceSet set = Sequences.of(input.readData(), m);
        var recon = m.reconstruct(set.values(), freeRunning);
        String[] names = m.featureNames();
        List<String> header = new ArrayList<>(List.of("id", "step"));
        for (String n : names) {
            header.add(n);
            header.add(n + "_reconstructed");
        }
        CsvOutput.write(input.out, header, p -> {
            for (int i = 0; i < recon.size(); i++) {
                LabeledSequence s = set.sequences().get(i);
                float[][] r = recon.get(i).reconstruction();
                for (int t = 0; t < r.length; t++) {
                    List<Object> row = new ArrayList<>();
                    row.add(s.id());
                    row.add(t);
                    for (int f = 0; f < names.length; f++) {
                        row.add(s.values()[t][f]);
                        row.add(r[t][f]);
                    }
                    p.printRecord(row);
                }
            }
        });
        System.err.printf("reconstructed %d sequences%n", recon.size());
        return 0;
    }
}
