package dev.seqae.spark;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.Layout;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import dev.seqae.model.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code train}: one model, data-parallel — the data stays in the executors
 * ({@link SparkTrainingData}), the {@link Trainer} runs on the driver as {@code seqae train} runs it
 * (the same settings, the same seed semantics, recorded in the provenance), every minibatch's
 * gradient computed where its sequences are and combined before the driver's updater step.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one model on data spread over the cluster (data-parallel: each minibatch's gradient "
            + "computed in the partitions that hold its sequences, combined every step).",
            "Output: <output>/model.seqae (a model file as seqae train writes it) and <output>/training.json "
                + "(epochs, losses, partitions, time in steps and in the partitions' computing)."})
public final class TrainJob extends SparkJob {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    @Mixin
    InputOptions input;

    @Mixin
    StagedOutput.Options output;

    @Mixin
    ModelOptions model;

    @Option(names = "--normal-label", split = ",", description = "train only on sequences with these labels "
            + "(--label-column), as seqae train --normal-label")
    List<String> normalLabels;

    @Option(names = "--average-every", paramLabel = "K", defaultValue = "4", description = "parameter averaging: each "
            + "partition takes K minibatches' steps on its own share, then the parameters and the updater's state are "
            + "averaged; 0 = combine the gradients at every step (default ${DEFAULT-VALUE}: measured the faster at the "
            + "same loss, docs/spark.md)")
    int averageEvery;

    public static void main(String[] args) {
        main(new TrainJob(), args);
    }

    @Override
    String name() {
        return "train";
    }

    @Override
    int run(SparkSession spark) throws Exception {
        Map<String, String> settings = model.settings();
        ModelConfig config = ModelOptions.build(settings);
        if (config.corruption().active()) {
            throw new InvalidInputException("--set noise/mask/spikes: a denoising model trains on data in one JVM "
                    + "(seqae train)");
        }
        if (normalLabels != null && input.labelColumn == null) {
            throw new InvalidInputException("--normal-label needs --label-column");
        }
        if (averageEvery < 0) {
            throw new InvalidInputException("--average-every must be 0 (gradients every step) or more, got "
                    + averageEvery);
        }
        int parts = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
        if (parts < 1) {
            throw new InvalidInputException("--partitions must be at least 1, got " + parts);
        }
        InputOptions.Steps steps = input.steps(spark, null, true);
        if (normalLabels != null) {
            steps = new InputOptions.Steps(steps.rows().filter(col("label").isin(normalLabels.toArray())),
                    steps.layout(), steps.features(), steps.files());
        }
        try (StagedOutput out = StagedOutput.open(spark, output)) {
            SparkTrainingData data = SparkTrainingData.of(steps, config, settings, parts).averagingEvery(averageEvery);
            long t0 = System.nanoTime();
            String description = input.input + " (" + (steps.layout() == Layout.TIMESERIES ? "time series" : "sequences")
                    + ", " + steps.features().length + " features" + (normalLabels == null ? "" : ", labels "
                    + normalLabels) + "; Spark data-parallel, " + data.partitions() + " partitions"
                    + (averageEvery > 0 ? ", parameters averaged every " + averageEvery + " minibatches" : "") + ")";
            SeqAutoencoderModel m = new Trainer(config, new Progress(), 1).fit(data, steps.features(), description,
                    config.window() > 0);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path local = Files.createTempFile("seqae-train-", ".seqae");
            try {
                ModelFile.save(m, local);
                out.fileSystem().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()),
                        out.staged("model.seqae"));
            } finally {
                Files.deleteIfExists(local);
            }
            double[] timing = data.timing();
            var p = m.provenance();
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("partitions", data.partitions());
            doc.put("average_every", averageEvery);
            doc.put("items", data.size());
            doc.put("parameters", ModelFile.stateOf(m).paramCount());
            doc.put("training_sequences", p.trainingSequences());
            doc.put("validation_sequences", p.validationSequences());
            doc.put("seed", p.seed());
            doc.put("epochs", p.epochsRun());
            doc.put("best_epoch", p.bestEpoch());
            doc.put("train_loss", p.finalTrainLoss());
            doc.put("validation_loss", p.finalValidationLoss());
            doc.put("seconds", seconds);
            doc.put("steps", (long) timing[2]);
            doc.put("step_seconds", timing[0]);
            doc.put("computing_seconds", timing[1]);
            doc.put("sequences_per_second", p.trainingSequences() * (double) p.epochsRun() / seconds);
            doc.put("aggregation_share", timing[0] > 0 ? 1 - timing[1] / timing[0] : null);
            out.writeText("training.json", JSON.writeValueAsString(doc) + "\n");
            out.commit();
            System.err.printf(java.util.Locale.ROOT, "seqae-spark train: %d sequences over %d partitions, %d epochs "
                    + "(best %d), validation loss %.5f, %.1f s (%.0f%% of the step time outside the partitions' "
                    + "computing) -> %s%n", p.trainingSequences(), data.partitions(), p.epochsRun(), p.bestEpoch(),
                    p.finalValidationLoss(), seconds, 100 * (timing[0] > 0 ? 1 - timing[1] / timing[0] : 0),
                    out.target());
        }
        return 0;
    }

    /** One line per epoch on stderr. */
    private static final class Progress implements TrainingListener {
        @Override
        public void onEpoch(EpochStats s) {
            System.err.printf(java.util.Locale.ROOT, "epoch %d/%d: loss %.5f, validation %.5f, %.0f seq/s%n", s.epoch(),
                    s.maxEpochs(), s.trainLoss(), s.validationLoss(), s.sequencesPerSecond());
        }
    }
}
