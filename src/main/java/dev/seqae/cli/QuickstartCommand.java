package dev.seqae.cli;

import dev.seqae.data.CsvDataReader;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.Dataset;
import dev.seqae.data.LabeledSequence;
import dev.seqae.data.SequenceSet;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.ModelSettings;
import dev.seqae.model.Options;
import dev.seqae.model.SeqAutoencoderModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seqae quickstart}: the main job on the shipped data. Trains on the normal ECG5000
 * training beats, scores the test beats, prints ROC-AUC, the threshold and the top anomalies, and
 * writes the model and the scores under {@code out/}.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Train on the normal ECG5000 training beats, score the test beats, report ROC-AUC.")
final class QuickstartCommand implements Callable<Integer> {
    private static final List<String> NORMAL = List.of("1");

    @Option(names = "--data-dir", description = "folder with ECG5000_TRAIN.tsv and ECG5000_TEST.tsv "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "datasets/ecg5000")
    Path dataDir;

    @Option(names = "--config", description = "model settings (default: ${DEFAULT-VALUE} when it exists)",
            defaultValue = "config/ecg5000.properties")
    Path config;

    @Option(names = {"-o", "--out"}, description = "output folder (default: ${DEFAULT-VALUE})", defaultValue = "out")
    Path out;

    /**
     * Trains the default model: the normal beats of {@code dataDir/ECG5000_TRAIN.tsv} with the
     * settings of {@code config} (when the file exists), with a progress bar on stderr. Also what
     * {@code seqae serve} trains on first start.
     */
    static SeqAutoencoderModel trainEcg5000(Path dataDir, Path config) {
        ProgressBar progress = new ProgressBar(System.err);
        SeqAutoencoderModel model = trainEcg5000(dataDir, config, progress);
        progress.done();
        return model;
    }

    /** As {@link #trainEcg5000(Path, Path)}, reporting every epoch to {@code progress}. */
    static SeqAutoencoderModel trainEcg5000(Path dataDir, Path config, dev.seqae.model.TrainingListener progress) {
        Dataset train = DataSelection.normalOnly(CsvDataReader.read(dataDir.resolve("ECG5000_TRAIN.tsv"),
                CsvOptions.rows("0")), NORMAL);
        ModelSettings settings = new ModelSettings();
        if (Files.exists(config)) {
            settings.file(config);
            System.err.println("settings from " + config);
        }
        ModelConfig cfg = settings.build();
        System.err.printf("training on %d normal ECG5000 training beats (%s)%n", ((SequenceSet) train).size(), cfg);
        return TrainCommand.train(cfg, settings.threads(), train,
                dataDir.resolve("ECG5000_TRAIN.tsv") + " (label 1 only)", progress);
    }

    @Override
    public Integer call() throws Exception {
        SequenceSet test = (SequenceSet) CsvDataReader.read(dataDir.resolve("ECG5000_TEST.tsv"), CsvOptions.rows("0"));
        SeqAutoencoderModel model = trainEcg5000(dataDir, config);
        ModelConfig cfg = model.config();
        Path modelFile = out.resolve("ecg5000.seqae");
        ModelFile.save(model, modelFile);
        var scores = model.score(test.values(), null);
        Path scoreFile = out.resolve("ecg5000-test-scores.csv");
        CsvOutput.write(scoreFile, List.of("id", "label", "score", "is_anomaly", "threshold"), p -> {
            for (int i = 0; i < scores.size(); i++) {
                LabeledSequence s = test.sequences().get(i);
                p.printRecord(s.id(), s.label(), CsvOutput.num(scores.get(i).score()), scores.get(i).anomalous(),
                        CsvOutput.num(scores.get(i).threshold()));
            }
        });
        var prov = model.provenance();
        System.out.printf("trained %d epochs (best %d), validation loss %.5f, %.0f seq/s, seed %d%n",
                prov.epochsRun(), prov.bestEpoch(), prov.finalValidationLoss(), prov.sequencesPerSecond(), prov.seed());
        System.out.printf("threshold (%s) = %.6f%n", Options.display(cfg.anomaly().strategy()),
                model.threshold(null).value());
        ScoreReport.print(System.out, test.sequences(), scores, NORMAL, 10);
        System.out.println("model: " + modelFile + "  scores: " + scoreFile);
        return 0;
    }
}
