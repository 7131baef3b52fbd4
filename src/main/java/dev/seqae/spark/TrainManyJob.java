package dev.seqae.spark;

import dev.seqae.cli.RecipeNames;
import dev.seqae.data.Layout;
import dev.seqae.data.TimeSegments;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.recipe.Recipe;
import dev.seqae.recipe.RecipeModels;
import dev.seqae.recipe.RecipeRun;
import dev.seqae.registry.VersionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code train-many}: one model per entity (a metric, a host), all with the same settings,
 * trained in parallel across the executors — each entity in one task, on one thread, exactly as
 * {@code seqae train} trains it on that entity's data (same seed, same numbers). An entity that
 * fails, or has too little data, gets a row saying why; it never fails the job.
 */
@Command(name = "train-many", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one model per entity, in parallel, with the same settings (as seqae train would on each "
            + "entity's data).",
            "Output: <output>/summary (entity, model, sequences, points, epochs, best_epoch, validation_loss, "
                + "threshold, seed, seconds, status, reason) and <output>/models/<model>.seqae; with --registry, "
                + "each model also as the next version of its name in that registry folder (the service's models "
                + "folder), promoted unless --no-promote."})
public final class TrainManyJob extends SparkJob {
    @Mixin
    InputOptions input;

    @Mixin
    StagedOutput.Options output;

    @Option(names = "--entity-column", description = "the column that names the entity of each row (rows and long "
            + "layouts; a time series' entity is the series: its --id-column, or its file)")
    String entityColumn;

    @Mixin
    ModelOptions model;

    @Option(names = "--recipe", description = "time series: train a detection recipe's model per entity (seqae train "
            + "--recipe); aggregating recipes use each entity's median step as the interval")
    String recipe;

    @Option(names = "--min-points", defaultValue = "1", description = "entities with fewer points (steps) are "
            + "skipped with that reason (default ${DEFAULT-VALUE})")
    int minPoints;

    @Option(names = "--registry", description = "a registry folder (local or mounted) to add each model to as a new "
            + "version of its name")
    Path registry;

    @Option(names = "--no-promote", description = "with --registry: add the versions as candidates, not active")
    boolean noPromote;

    /** Summary rows printed at the end (all are in the summary table). */
    private static final int SHOWN = 20;

    static final StructType SUMMARY = new StructType(new StructField[] {
        ScoreJob.field("entity", DataTypes.StringType), ScoreJob.field("model", DataTypes.StringType),
        ScoreJob.field("sequences", DataTypes.IntegerType), ScoreJob.field("points", DataTypes.LongType),
        ScoreJob.field("epochs", DataTypes.IntegerType), ScoreJob.field("best_epoch", DataTypes.IntegerType),
        ScoreJob.field("validation_loss", DataTypes.DoubleType), ScoreJob.field("threshold", DataTypes.DoubleType),
        ScoreJob.field("seed", DataTypes.LongType), ScoreJob.field("seconds", DataTypes.DoubleType),
        ScoreJob.field("status", DataTypes.StringType), ScoreJob.field("reason", DataTypes.StringType)});

    public static void main(String[] args) {
        main(new TrainManyJob(), args);
    }

    @Override
    String name() {
        return "train-many";
    }

    @Override
    int run(SparkSession spark) throws Exception {
        Layout layout = input.layout();
        if (layout != Layout.TIMESERIES && entityColumn == null) {
            throw new InvalidInputException("--entity-column is needed with --layout " + layout.name().toLowerCase()
                    + " (with --layout timeseries the entity is the series' --id-column)");
        }
        Map<String, String> settings = model.settings();
        if (recipe != null) {
            if (!settings.isEmpty()) {
                throw new InvalidInputException("--recipe cannot be combined with --config or --set: the recipe sets "
                        + "the model");
            }
            if (layout != Layout.TIMESERIES) {
                throw new InvalidInputException("--recipe trains on time series: give --layout timeseries");
            }
            RecipeNames.named("--recipe", recipe);
        } else {
            ModelConfig cfg = ModelOptions.build(settings);
            if (layout == Layout.TIMESERIES && cfg.window() <= 0) {
                throw new InvalidInputException("--layout timeseries: give the model's window (--set window=N) or a "
                        + "--recipe");
            }
        }
        if (registry != null && Files.exists(registry) && !Files.isDirectory(registry)) {
            throw new InvalidInputException("--registry " + registry + " is not a folder");
        }
        InputOptions.Steps steps = input.steps(spark, partitions, layout == Layout.TIMESERIES ? null : entityColumn,
                layout != Layout.TIMESERIES);
        try (StagedOutput out = StagedOutput.open(spark, output)) {
            String models = out.staged("models").toString();
            out.fileSystem().mkdirs(out.staged("models"));
            String[] features = steps.features();
            InputOptions.Reader reader = steps.reader();
            String recipeName = recipe;
            int min = minPoints;
            // the driver's Hadoop settings (spark.hadoop.*: an object store's credentials, say), sent once
            var hadoop = org.apache.spark.util.SerializableConfiguration.broadcast(spark.sparkContext());
            MapPartitionsFunction<Row, Row> f = rows -> {
                Pieces pieces = reader.pieces(rows);
                org.apache.hadoop.fs.Path modelsDir = new org.apache.hadoop.fs.Path(models);
                FileSystem fs = modelsDir.getFileSystem(hadoop.value().value());
                List<Row> done = new ArrayList<>();
                while (pieces.hasNext()) {
                    done.add(trainEntity(pieces.entity(), layout, features, settings, recipeName, min, fs, modelsDir));
                }
                return done.iterator();
            };
            Dataset<Row> summary = steps.rows().mapPartitions(f, Encoders.row(SUMMARY)).persist();
            try {
                out.write(summary.orderBy("entity"), "summary");
                List<Row> rows = summary.orderBy("entity").collectAsList();
                out.commit();
                long ok = rows.stream().filter(r -> "ok".equals(r.getString(10))).count();
                System.err.printf("seqae-spark train-many: %d entities, %d trained, %d not -> %s%n", rows.size(), ok,
                        rows.size() - ok, out.target());
                rows.stream().limit(SHOWN).forEach(r -> System.err.printf(java.util.Locale.ROOT,
                        "  %-32s %-8s %s%n", r.getString(0), r.getString(10), "ok".equals(r.getString(10))
                                ? String.format(java.util.Locale.ROOT, "%d epochs, validation loss %.5f, %.1f s",
                                        r.getInt(4), r.getDouble(6), r.getDouble(9)) : r.getString(11)));
                if (rows.size() > SHOWN) {
                    System.err.printf("  ... %d more in %s/summary%n", rows.size() - SHOWN, out.target());
                }
                if (registry != null) {
                    register(spark, rows, out.target());
                }
            } finally {
                summary.unpersist();
            }
        }
        return 0;
    }

    /** Trains one entity; every failure becomes its row's status and reason. */
    static Row trainEntity(List<SequenceRows.Piece> pieces, Layout layout, String[] features, Map<String, String> settings,
                           String recipe, int minPoints, FileSystem fs, org.apache.hadoop.fs.Path models) {
        String entity = pieces.get(0).entity();
        if (entity == null || entity.isEmpty()) {
            return RowFactory.create(entity, null, pieces.size(), 0L, null, null, null, null, null, 0.0, "failed",
                    "rows without an entity (empty " + "entity column)");
        }
        String name = modelName(entity);
        long points = 0;
        for (SequenceRows.Piece p : pieces) {
            points += p.values().length;
        }
        long t0 = System.nanoTime();
        for (SequenceRows.Piece p : pieces) {
            if (p.problem() != null) {
                return RowFactory.create(entity, name, pieces.size(), points, null, null, null, null, null, 0.0,
                        "failed", p.problem());
            }
        }
        if (points < minPoints) {
            return RowFactory.create(entity, name, pieces.size(), points, null, null, null, null, null, 0.0, "skipped",
                    points + " points, fewer than --min-points " + minPoints);
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("seqae-entity-", ".seqae");
            String description = "entity " + entity + " (" + (layout == Layout.TIMESERIES ? "time series, " + points
                    + " points" : pieces.size() + " sequences") + ", " + features.length + " features)";
            SeqAutoencoderModel model;
            if (recipe != null) {
                SequenceRows.Piece p = pieces.get(0);
                TimeSeries ts = new TimeSeries(entity, p.timestamps(), p.values(), features);
                Recipe r = RecipeNames.named("--recipe", recipe);
                double interval = r.aggregate() ? TimeSegments.medianStep(TimeSegments.axis(ts)) : 0;
                RecipeRun run = new RecipeRun(r, interval);
                RecipeRun.Trained trained = run.train(ts, description, 1);
                RecipeModels.save(run, trained, tmp);
                model = trained.model();
            } else {
                ModelConfig cfg = ModelOptions.build(settings);
                dev.seqae.model.Trainer trainer = new dev.seqae.model.Trainer(cfg, null, 1);
                if (layout == Layout.TIMESERIES) {
                    SequenceRows.Piece p = pieces.get(0);
                    model = trainer.fit(new TimeSeries(entity, p.timestamps(), p.values(), features), description);
                } else {
                    List<float[][]> values = new ArrayList<>(pieces.size());
                    for (SequenceRows.Piece p : pieces) {
                        values.add(p.values());
                    }
                    model = trainer.fit(values, features, description);
                }
                ModelFile.save(model, tmp);
            }
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(models, name + ".seqae");
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(tmp.toUri()), target);
            var p = model.provenance();
            var threshold = model.threshold(null);
            return RowFactory.create(entity, name, pieces.size(), points, p.epochsRun(), p.bestEpoch(),
                    p.finalValidationLoss(), threshold == null ? null : threshold.value(), p.seed(), seconds(t0), "ok",
                    null);
        } catch (Exception | StackOverflowError e) {
            String reason = e instanceof InvalidInputException ? e.getMessage() : e.toString();
            return RowFactory.create(entity, name, pieces.size(), points, null, null, null, null, null, seconds(t0),
                    "failed", reason);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * The model name of an entity: the entity itself when it is a registry name (letters, digits,
     * {@code . _ -}, at most 64), else those characters kept, the rest as {@code _}, and a short
     * hash of the entity so that two entities never share a name.
     */
    static String modelName(String entity) {
        try {
            return VersionStore.checkName(entity);
        } catch (InvalidInputException e) {
            String kept = entity.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._-]+", "");
            String hash = ModelBytes.sha256(entity.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
            String base = kept.isEmpty() ? "entity" : kept.substring(0, Math.min(kept.length(), 55));
            return base + "-" + hash;
        }
    }

    /** Adds every trained model to the registry as the next version of its name (promoted unless asked not to). */
    private void register(SparkSession spark, List<Row> rows, String result) throws IOException {
        VersionStore store = new VersionStore(registry);
        org.apache.hadoop.fs.Path models = new org.apache.hadoop.fs.Path(result, "models");
        FileSystem fs = models.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Path local = Files.createTempDirectory("seqae-register-");
        int added = 0;
        try {
            for (Row r : rows) {
                if (!"ok".equals(r.getString(10))) {
                    continue;
                }
                String name = r.getString(1);
                Path file = local.resolve(name + ".seqae");
                fs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(models, name + ".seqae"),
                        new org.apache.hadoop.fs.Path(file.toUri()), true);
                Map<String, Object> metrics = new LinkedHashMap<>();
                metrics.put("validation_loss", r.get(6));
                metrics.put("entity", r.getString(0));
                int v = store.addFile(name, file, "train-many", metrics);
                if (!noPromote) {
                    store.promote(name, v, "train-many " + spark.sparkContext().applicationId());
                }
                Files.delete(file);
                added++;
            }
        } finally {
            Files.deleteIfExists(local);
        }
        System.err.printf("seqae-spark train-many: %d versions added to %s%s%n", added, registry,
                noPromote ? " (candidates)" : " (active)");
    }
}
