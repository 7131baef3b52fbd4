package dev.seqae.retraining;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One retraining run and its outcome.
 *
 * @param model             the model's name
 * @param trigger           "schedule" or who asked ("api", ...)
 * @param startedAt         ISO-8601
 * @param finishedAt        ISO-8601
 * @param outcome           what happened
 * @param reason            why, in words a person reads (the comparison's figures)
 * @param championVersion   the version active when the run started, or null
 * @param challengerVersion the version the run added, or null when none was trained
 * @param data              the training window as described to a person
 * @param trainRecords      sequences (or windows) the challenger was trained on
 * @param heldOutRecords    recent sequences (or windows) both models were compared on
 * @param champion          the champion's figures, or null
 * @param challenger        the challenger's figures, or null
 * @param seconds           wall time
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RetrainingRun(String model, String trigger, @JsonProperty("started_at") String startedAt,
                            @JsonProperty("finished_at") @Schema(nullable = true) String finishedAt, Outcome outcome,
                            @Schema(nullable = true) String reason,
                            @JsonProperty("champion_version") @Schema(nullable = true) Integer championVersion,
                            @JsonProperty("challenger_version") @Schema(nullable = true) Integer challengerVersion,
                            @Schema(nullable = true) String data,
                            @JsonProperty("train_records") int trainRecords,
                            @JsonProperty("held_out_records") int heldOutRecords,
                            ChampionChallenger.Evaluation champion, ChampionChallenger.Evaluation challenger,
                            double seconds) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One line of JSON (what the registry's run log holds). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a run could not be written: " + e.getMessage(), e);
        }
    }

    /** A run from its JSON line; empty for a line this version cannot read. */
    public static java.util.Optional<RetrainingRun> fromJson(String line) {
        try {
            return java.util.Optional.of(JSON.readValue(line, RetrainingRun.class));
        } catch (JsonProcessingException e) {
            return java.util.Optional.empty();
        }
    }

    /** What a run did. */
    public enum Outcome {
        /** the challenger was at least as good (within the tolerance) and is now active */
        PROMOTED,
        /** the challenger was worse beyond the tolerance; kept as a rejected version */
        REJECTED,
        /** not enough data in the window; nothing trained */
        SKIPPED,
        /** an error (bad data, a model that does not load, training diverged); nothing promoted */
        FAILED
    }
}
