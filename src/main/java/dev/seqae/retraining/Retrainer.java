package dev.seqae.retraining;

import dev.seqae.data.Normalizer;
import dev.seqae.data.SequenceSet;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.intake.RecordStore;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import dev.seqae.model.TrainingListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retraining use case: one run of a plan. It reads the training window, trains a challenger
 * with the champion's settings (and seed) on the older part — its thresholds are fitted on that new
 * data as in any training — compares both models on the newest, held-out part (and on the labelled
 * set, if configured), saves the challenger as a new version and promotes it or keeps it as
 * rejected with the reason. Every run is recorded with the model's versions and logged in one line.
 * Nothing here runs on a schedule: {@link RetrainingScheduler} calls it.
 */
public final class Retrainer {
    private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);

    private final ModelVersions versions;
    private final RecordStore intake;
    private final Clock clock;
    private final Consumer<RetrainingRun> observer;

    /**
     * @param intake   the intake database (null when no plan reads from it)
     * @param observer every finished run (metrics); may be null
     */
    public Retrainer(ModelVersions versions, RecordStore intake, Clock clock, Consumer<RetrainingRun> observer) {
        this.versions = versions;
        this.intake = intake;
        this.clock = clock;
        this.observer = observer == null ? r -> { } : observer;
    }

    /** Runs {@code plan} once; never throws — a failure is a run with outcome FAILED and its reason. */
    public RetrainingRun run(RetrainingPlan plan, String trigger) {
        return run(plan, trigger, TrainingListener.NONE);
    }

    /** As {@link #run(RetrainingPlan, String)}, reporting epochs (and asking about cancellation) through {@code listener}. */
    public RetrainingRun run(RetrainingPlan plan, String trigger, TrainingListener listener) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        String name = plan.model();
        Integer championVersion = null;
        Integer challengerVersion = null;
        TrainingWindow window = null;
        ChampionChallenger.Evaluation champ = null;
        ChampionChallenger.Evaluation chall = null;
        RetrainingRun.Outcome outcome;
        String reason;
        try {
            ModelVersions.Active active = versions.active(name).orElseThrow(() -> new InvalidInputException(
                    "model '" + name + "' has no active version to retrain (train one first)"));
            championVersion = active.version();
            if (active.recipe() != null) {
                // a plain retraining would lose the recipe (aggregation, scores, detector) the model detects with
                throw new InvalidInputException("model '" + name + "' was trained with recipe "
                        + active.recipe().recipe().name() + ", which scheduled retraining does not train: retrain it "
                        + "with seqae train --recipe " + active.recipe().recipe().name() + " and publish the file");
            }
            SeqAutoencoderModel champion = active.model();
            window = TrainingWindow.load(plan, champion, intake, started);
            ModelConfig config = champion.config();
            if (plan.epochs() != null) {
                config = config.withTraining(config.learningRate(), config.batchSize(), plan.epochs(),
                        config.patience(), config.validationFraction(), config.seed());
            }
            LOG.info("retraining '{}' (v{} active): {}", name, championVersion, window.description());
            Trainer trainer = new Trainer(config, listener, plan.threads());
            // (a time-series window is already cut into the model's windows; fit keeps each one whole)
            SeqAutoencoderModel challenger = trainer.fit(window.train(), champion.featureNames(),
                    window.description());
            if (listener.cancelled()) {
                throw new InvalidInputException("cancelled: the service is stopping");
            }
            double[] scale = Normalizer.fit(Normalizer.Kind.ZSCORE, window.heldOut(), champion.features()).scale();
            SequenceSet labelled = plan.labelled() == null ? null : plan.labelled().reader().get();
            var normal = plan.labelled() == null ? null : plan.labelled().normalLabels();
            champ = ChampionChallenger.evaluate(champion, championVersion, window.heldOut(), scale, labelled, normal);
            chall = ChampionChallenger.evaluate(challenger, null, window.heldOut(), scale, labelled, normal);
            ChampionChallenger.Decision decision = ChampionChallenger.decide(champ, chall, plan.tolerance(),
                    plan.f1Tolerance());
            challengerVersion = versions.addCandidate(name, challenger, "retraining (" + trigger + ")",
                    metrics(challenger, champ, chall));
            chall = chall.withVersion(challengerVersion);
            reason = decision.reason();
            if (decision.promote() && versions.promoteIfActive(name, challengerVersion, championVersion,
                    "retraining: " + reason)) {
                outcome = RetrainingRun.Outcome.PROMOTED;
            } else {
                if (decision.promote()) {
                    reason = "the active version changed while the challenger trained (it was compared with v"
                            + championVersion + "); not promoted — " + reason;
                }
                versions.reject(name, challengerVersion, reason);
                outcome = RetrainingRun.Outcome.REJECTED;
            }
        } catch (TrainingWindow.NotEnoughData e) {
            outcome = RetrainingRun.Outcome.SKIPPED;
            reason = e.getMessage();
        } catch (InvalidInputException e) {
            outcome = RetrainingRun.Outcome.FAILED;
            reason = e.getMessage();
        } catch (Exception e) {
            outcome = RetrainingRun.Outcome.FAILED;
            if (listener.cancelled()) {
                reason = "cancelled: the service is stopping";
            } else {
                reason = "internal error: " + e;
                LOG.warn("retraining '{}' failed", name, e);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        RetrainingRun run = new RetrainingRun(name, trigger, started.toString(), clock.instant().toString(), outcome,
                reason, championVersion, challengerVersion, window == null ? plan.source().describe()
                : window.description(), window == null ? 0 : window.train().size(),
                window == null ? 0 : window.heldOut().size(), champ, chall, Math.round(seconds * 10) / 10.0);
        try {
            versions.recordRun(name, run);
        } catch (Exception e) {
            LOG.warn("retraining '{}': the run could not be recorded: {}", name, e.toString());
        }
        LOG.info("retraining '{}' ({}): {}{} in {} — {}", name, trigger, outcome.name().toLowerCase(Locale.ROOT),
                challengerVersion == null ? "" : " v" + challengerVersion, human(seconds), reason);
        observer.accept(run);
        return run;
    }

    private static Map<String, Object> metrics(SeqAutoencoderModel m,
                                               ChampionChallenger.Evaluation champion,
                                               ChampionChallenger.Evaluation challenger) {
        Map<String, Object> out = new LinkedHashMap<>(m.provenance().trainingFigures());
        out.put("held_out_error", challenger.heldOutError());
        out.put("champion_held_out_error", champion.heldOutError());
        if (challenger.f1() != null) {
            out.put("labelled_f1", challenger.f1());
            out.put("labelled_roc_auc", challenger.rocAuc());
            out.put("champion_labelled_f1", champion.f1());
        }
        out.put("champion_version", champion.version());
        return out;
    }

    private static String human(double seconds) {
        Duration d = Duration.ofMillis(Math.round(seconds * 1000));
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s"
                : String.format(Locale.ROOT, "%.1f s", seconds);
    }
}
