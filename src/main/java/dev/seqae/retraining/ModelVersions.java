package dev.seqae.retraining;

import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.recipe.RecipeModels;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What retraining needs of the model registry (the service's registry implements it). */
public interface ModelVersions {
    /**
     * A name's active version and its model; {@code recipe} when the model was trained with a
     * detection recipe (which then detects with it), else null.
     */
    record Active(int version, SeqAutoencoderModel model, RecipeModels.Loaded recipe) {
        /** A model trained without a recipe. */
        public Active(int version, SeqAutoencoderModel model) {
            this(version, model, null);
        }
    }

    /** The active version of {@code name}, if it has one that loaded. */
    Optional<Active> active(String name);

    /** Saves {@code model} as the next version of {@code name}, a candidate; returns its number. */
    int addCandidate(String name, SeqAutoencoderModel model, String trigger, Map<String, Object> metrics)
            throws IOException;

    /**
     * Makes the candidate active — only if {@code expectedActive} is still the active version (a
     * person may have promoted or rolled back while the challenger trained); returns whether it
     * did. Requests from then on are answered by it, those in flight finish on the old one.
     */
    boolean promoteIfActive(String name, int version, int expectedActive, String reason) throws IOException;

    /** Keeps the candidate as rejected, with the reason. */
    void reject(String name, int version, String reason) throws IOException;

    /** Appends a run to the name's retraining history (kept with its versions). */
    void recordRun(String name, RetrainingRun run) throws IOException;

    /** The newest {@code limit} runs, newest first. */
    List<RetrainingRun> runs(String name, int limit) throws IOException;
}
