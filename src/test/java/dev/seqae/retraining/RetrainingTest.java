package dev.seqae.retraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.ScoreKind;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.LabeledSequence;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.intake.RecordStore;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import dev.seqae.registry.VersionStore;
import dev.seqae.service.ModelRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Champion/challenger on synthetic data with known answers: a window of drifted normal data
 * promotes the challenger; a window with anomalies mixed in beyond the tolerance is rejected
 * (its F1 on the labelled set drops), and the champion stays active; too little data skips the
 * run; data of the wrong width fails it with the reason. Each run is recorded.
 */
class RetrainingTest {
    static final ModelConfig CONFIG = ModelConfig.defaults().withLayers(new int[] {32}, 8, new int[] {32})
            .withTraining(5e-3, 32, 30, 0, 0.2, 42)
            .withAnomaly(new AnomalyConfig(ScoreKind.MAX_STEP, ThresholdStrategy.PERCENTILE, 0.99, 3, 0.01));
    static final String[] FEATURES = {"a", "b"};
    static SeqAutoencoderModel champion;

    @TempDir
    Path dir;
    ModelRegistry registry;
    RecordStore intake;
    Retrainer retrainer;
    final List<RetrainingRun> observed = new ArrayList<>();

    @BeforeAll
    static void trainChampion() {
        champion = new Trainer(CONFIG, null).fit(SyntheticGenerator.regular(300, 24, 2, 1), FEATURES, "regular");
    }

    @BeforeEach
    void setUp() throws Exception {
        registry = new ModelRegistry(dir.resolve("models"), 10);
        registry.publish("m", champion, "test", Map.of());
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("intake") + dev.seqae.intake.RecordStore.H2_OPTIONS);
        intake = new RecordStore(ds);
        intake.migrate();
        retrainer = new Retrainer(registry, intake, Clock.systemUTC(), observed::add);
    }

    static RetrainingPlan plan(RetrainingPlan.LabelledSet labelled, int minRecords) {
        return new RetrainingPlan("m", Cron.parse("0 3 * * *"), ZoneOffset.UTC, true,
                new RetrainingPlan.IntakeSource("m-data", 1000, Duration.ofDays(7)), 0.2, 0.1, labelled, 0.02,
                minRecords, null, 2);
    }

    /** Normal behaviour drifted: larger, and around another level. */
    static List<float[][]> drifted(List<float[][]> seqs) {
        List<float[][]> out = new ArrayList<>();
        for (float[][] s : seqs) {
            float[][] d = new float[s.length][];
            for (int t = 0; t < s.length; t++) {
                d[t] = new float[] {1.6f * s[t][0] + 1.0f, 1.6f * s[t][1] - 0.5f};
            }
            out.add(d);
        }
        return out;
    }

    @Test
    void driftedNormalDataPromotesTheChallengerWithRefittedThresholds() throws Exception {
        intake.append("m-data", RecordStore.Kind.SEQUENCES, drifted(SyntheticGenerator.regular(300, 24, 2, 2)));
        RetrainingRun run = retrainer.run(plan(null, 100), "test");
        assertEquals(RetrainingRun.Outcome.PROMOTED, run.outcome(), run.reason());
        assertEquals(1, run.championVersion());
        assertEquals(2, run.challengerVersion());
        assertEquals(240, run.trainRecords());
        assertEquals(60, run.heldOutRecords());
        assertTrue(run.challenger().heldOutError() < 0.5 * run.champion().heldOutError(),
                "the challenger fits the drifted data: " + run.reason());
        assertEquals(2, registry.activeVersion("m"));
        SeqAutoencoderModel promoted = registry.get("m");
        assertNotEquals(champion.threshold(null).value(), promoted.threshold(null).value(),
                "thresholds were fitted on the new data");
        assertEquals(42, promoted.provenance().seed(), "the champion's settings and seed");
        assertTrue(promoted.provenance().dataDescription().contains("dataset 'm-data'"),
                promoted.provenance().dataDescription());
        VersionStore.Version v2 = registry.versions("m").get(1);
        assertEquals(VersionStore.Status.ACTIVE, v2.status());
        assertEquals("retraining (test)", v2.trigger());
        assertTrue(v2.metrics().containsKey("champion_held_out_error"), v2.metrics().toString());
        assertEquals(List.of(run), registry.runs("m", 10), "the run is recorded with the versions");
        assertEquals(List.of(run), observed);
    }

    @Test
    void anomaliesMixedIntoTheWindowAreRejectedOnTheLabelledSetAndTheChampionStays() throws Exception {
        List<float[][]> window = new ArrayList<>(SyntheticGenerator.regular(180, 24, 2, 3));
        window.addAll(SyntheticGenerator.anomalous(120, 24, 2, 4));
        Collections.shuffle(window, new Random(5));
        intake.append("m-data", RecordStore.Kind.SEQUENCES, window);
        List<LabeledSequence> labelled = new ArrayList<>();
        List<float[][]> normal = SyntheticGenerator.regular(100, 24, 2, 6);
        List<float[][]> anomalies = SyntheticGenerator.anomalous(100, 24, 2, 7);
        for (int i = 0; i < 100; i++) {
            labelled.add(new LabeledSequence("n" + i, "normal", normal.get(i)));
            labelled.add(new LabeledSequence("a" + i, "anomaly", anomalies.get(i)));
        }
        SequenceSet set = new SequenceSet("labelled", labelled, FEATURES);
        RetrainingRun run = retrainer.run(plan(new RetrainingPlan.LabelledSet("labelled", () -> set,
                Set.of("normal")), 100), "test");
        assertEquals(RetrainingRun.Outcome.REJECTED, run.outcome(), run.reason());
        assertTrue(run.reason().startsWith("worse on the labelled set: labelled F1"), run.reason());
        assertTrue(run.champion().f1() > run.challenger().f1() + 0.02, run.reason());
        assertEquals(1, registry.activeVersion("m"), "the champion still answers");
        VersionStore.Version v2 = registry.versions("m").get(1);
        assertEquals(VersionStore.Status.REJECTED, v2.status());
        assertEquals(run.reason(), v2.reason());
        System.out.printf("retraining on a corrupted window: %s%n", run.reason());
    }

    @Test
    void aChallengerIsNotPromotedOverAVersionSomeonePromotedWhileItTrained() throws Exception {
        intake.append("m-data", RecordStore.Kind.SEQUENCES, drifted(SyntheticGenerator.regular(300, 24, 2, 2)));
        ModelVersions meddled = new ModelVersions() {
            @Override
            public Optional<Active> active(String name) {
                return registry.active(name);
            }

            @Override
            public int addCandidate(String name, SeqAutoencoderModel model, String trigger, Map<String, Object> m)
                    throws IOException {
                registry.publish(name, champion, "a person, meanwhile", Map.of());     // v2 becomes active
                return registry.addCandidate(name, model, trigger, m);
            }

            @Override
            public boolean promoteIfActive(String name, int v, int expected, String reason) throws IOException {
                return registry.promoteIfActive(name, v, expected, reason);
            }

            @Override
            public void reject(String name, int v, String reason) throws IOException {
                registry.reject(name, v, reason);
            }

            @Override
            public void recordRun(String name, RetrainingRun run) throws IOException {
                registry.recordRun(name, run);
            }

            @Override
            public List<RetrainingRun> runs(String name, int limit) throws IOException {
                return registry.runs(name, limit);
            }
        };
        RetrainingRun run = new Retrainer(meddled, intake, Clock.systemUTC(), null).run(plan(null, 100), "test");
        assertEquals(RetrainingRun.Outcome.REJECTED, run.outcome());
        assertTrue(run.reason().startsWith("the active version changed while the challenger trained (it was compared "
                + "with v1); not promoted — held-out error"), run.reason());
        assertEquals(2, registry.activeVersion("m"), "the version the person promoted stays");
        assertEquals(VersionStore.Status.REJECTED, registry.versions("m").get(2).status());
    }

    /** Series drifted as {@link #drifted}: doubled and shifted. */
    static float[][] driftedSeries(int length, long seed) {
        float[][] v = SyntheticGenerator.series(length, 0, seed).values();
        for (float[] p : v) {
            p[0] = 2 * p[0] + 1.5f;
        }
        return v;
    }

    @Test
    void aTimeSeriesModelRetrainsOnPointsOrOnAFolderOfCsvFilesSplitInTime() throws Exception {
        ModelConfig ts = CONFIG.withData(CONFIG.normalization(), 20, 5).withTraining(5e-3, 32, 15, 0, 0.2, 42);
        SeqAutoencoderModel tsChampion = new Trainer(ts, null).fit(new dev.seqae.data.TimeSeries("s", null,
                SyntheticGenerator.series(1000, 0, 1).values(), new String[] {"x"}), "series");
        registry.publish("ts", tsChampion, "test", Map.of());
        // points through the intake: 1,000 points -> 800 for training (windows of 20 at stride 5), 200 held out
        List<float[][]> points = new ArrayList<>();
        for (float[] p : driftedSeries(1000, 2)) {
            points.add(new float[][] {p});
        }
        intake.append("ts-points", RecordStore.Kind.POINTS, points);
        RetrainingRun run = retrainer.run(new RetrainingPlan("ts", Cron.parse("@hourly"), ZoneOffset.UTC, true,
                new RetrainingPlan.IntakeSource("ts-points", 5000, null), 0.2, 0.1, null, 0.02, 100, null, 1), "test");
        assertEquals(RetrainingRun.Outcome.PROMOTED, run.outcome(), run.reason());
        assertEquals((800 - 20) / 5 + 1, run.trainRecords());
        assertEquals((200 - 20) / 5 + 1, run.heldOutRecords());
        SeqAutoencoderModel promoted = registry.get("ts");
        assertEquals(20, promoted.config().window());
        assertTrue(promoted.pointThresholds() != null && !promoted.pointThresholds().isEmpty(),
                "a time-series model again, with point thresholds");
        // a folder of CSV files, each a series split on its own
        Path csv = dir.resolve("csv");
        java.nio.file.Files.createDirectories(csv);
        for (int f = 0; f < 2; f++) {
            StringBuilder sb = new StringBuilder("value\n");
            for (float[] p : driftedSeries(500, 10 + f)) {
                sb.append(p[0]).append('\n');
            }
            java.nio.file.Files.writeString(csv.resolve("day-" + f + ".csv"), sb);
        }
        RetrainingRun fromFiles = retrainer.run(new RetrainingPlan("ts", Cron.parse("@hourly"), ZoneOffset.UTC, true,
                new RetrainingPlan.FileSource("the CSV files of " + csv, () -> List.of(
                        dev.seqae.data.CsvDataReader.read(csv.resolve("day-0.csv"), dev.seqae.data.CsvOptions.auto()),
                        dev.seqae.data.CsvDataReader.read(csv.resolve("day-1.csv"), dev.seqae.data.CsvOptions.auto()))),
                0.2, 0.1, null, 0.02, 100, null, 1), "test");
        assertEquals(2 * ((400 - 20) / 5 + 1), fromFiles.trainRecords(), fromFiles.reason());
        assertEquals(2 * ((100 - 20) / 5 + 1), fromFiles.heldOutRecords());
        assertTrue(fromFiles.outcome() == RetrainingRun.Outcome.PROMOTED
                || fromFiles.outcome() == RetrainingRun.Outcome.REJECTED, fromFiles.reason());
        // a time-series model cannot be retrained on separate sequences
        intake.append("ts-seqs", RecordStore.Kind.SEQUENCES, SyntheticGenerator.regular(200, 24, 1, 3));
        RetrainingRun wrongKind = retrainer.run(new RetrainingPlan("ts", Cron.parse("@hourly"), ZoneOffset.UTC, true,
                new RetrainingPlan.IntakeSource("ts-seqs", 5000, null), 0.2, 0.1, null, 0.02, 100, null, 1), "test");
        assertEquals(RetrainingRun.Outcome.FAILED, wrongKind.outcome());
        assertEquals("dataset 'ts-seqs', newest 5000 records holds separate sequences but model 'ts' was trained on a "
                + "time series (windows of 20)", wrongKind.reason());
    }

    @Test
    void tooLittleDataSkipsAndTheWrongWidthFailsAndNeitherAddsAVersion() throws Exception {
        RetrainingRun none = retrainer.run(plan(null, 100), "test");
        assertEquals(RetrainingRun.Outcome.SKIPPED, none.outcome());
        assertEquals("dataset 'm-data' has no records yet", none.reason());
        intake.append("m-data", RecordStore.Kind.SEQUENCES, SyntheticGenerator.regular(30, 24, 2, 8));
        RetrainingRun few = retrainer.run(plan(null, 100), "test");
        assertEquals(RetrainingRun.Outcome.SKIPPED, few.outcome());
        assertTrue(few.reason().endsWith("holds 30 sequences, fewer than min-records 100"), few.reason());
        intake.append("wide", RecordStore.Kind.SEQUENCES, SyntheticGenerator.regular(30, 24, 3, 8));
        RetrainingPlan wide = new RetrainingPlan("m", Cron.parse("@daily"), ZoneOffset.UTC, true,
                new RetrainingPlan.IntakeSource("wide", 100, null), 0.2, 0.1, null, 0.02, 10, null, 1);
        RetrainingRun failed = retrainer.run(wide, "test");
        assertEquals(RetrainingRun.Outcome.FAILED, failed.outcome());
        assertEquals("dataset 'wide' has 3 features, the model 2", failed.reason());
        assertNull(failed.challengerVersion());
        assertEquals(1, registry.versions("m").size());
        assertEquals(List.of(failed, few, none), registry.runs("m", 10), "newest first");
    }

    @Test
    void aModelTrainedWithARecipeIsNotRetrainedIntoAPlainOne() throws Exception {
        // imported from a loose file, the model keeps its recipe; a plain retraining would drop it: refused
        var recipe = dev.seqae.recipe.TestRecipes.aerLike(dev.seqae.anomaly.PredictionScores.Mix.GUARDED);
        var run = new dev.seqae.recipe.RecipeRun(recipe, 1);
        var trained = run.train(dev.seqae.recipe.TestRecipes.sine(200, -1, 0), "sine", 1);
        Path models = dir.resolve("recipe-models");
        java.nio.file.Files.createDirectories(models);
        dev.seqae.recipe.RecipeModels.save(run, trained, models.resolve("r.seqae"));
        ModelRegistry withRecipe = new ModelRegistry(models, 10);
        assertEquals("aer-like", withRecipe.active("r").orElseThrow().recipe().recipe().name());
        intake.append("r-data", RecordStore.Kind.SEQUENCES, SyntheticGenerator.regular(300, 16, 1, 3));
        RetrainingPlan p = new RetrainingPlan("r", Cron.parse("@daily"), ZoneOffset.UTC, true,
                new RetrainingPlan.IntakeSource("r-data", 1000, null), 0.2, 0.1, null, 0.02, 10, null, 1);
        RetrainingRun refused = new Retrainer(withRecipe, intake, Clock.systemUTC(), null).run(p, "test");
        assertEquals(RetrainingRun.Outcome.FAILED, refused.outcome());
        assertEquals("model 'r' was trained with recipe aer-like, which scheduled retraining does not train: retrain "
                + "it with seqae train --recipe aer-like and publish the file", refused.reason());
        assertEquals(1, withRecipe.versions("r").size(), "no version added");
    }
}
