package dev.seqae.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.IntervalDetector;
import dev.seqae.anomaly.SequenceScorer;
import dev.seqae.anomaly.Threshold;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.CsvOptions;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.intake.RecordStore;
import dev.seqae.model.Options;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.recipe.RecipeModels;
import dev.seqae.recipe.RecipeRun;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import dev.seqae.service.api.Detection;
import dev.seqae.service.api.Scoring;
import io.micronaut.http.annotation.Controller;
import dev.seqae.service.api.CsvQuery;
import io.micronaut.http.annotation.RequestBean;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import dev.seqae.service.api.Errors;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * {@code /api/v1/models/{name}/score|detect|encode|reconstruct|denoise}: inference with one model
 * (the models themselves — list, versions, training — are {@link ModelsController}'s). Bodies are
 * parsed by {@link Requests} (field-path messages, limits). Score answers from the event loop: a
 * small body is parsed there, its sequences join the {@link MicroBatcher}'s next batch and the
 * answer is written when that batch is scored — no thread waits per request; large bodies are
 * parsed, and scored sequences appended to the intake, on the blocking executor. The other routes
 * run on the blocking executor, never on the event loop. The model is immutable, so concurrent
 * requests run side by side.
 */
@Tag(name = "scoring")
@Controller("/api/v1/models")
public class ModelController {
    static final String CSV = "text/csv";

    /**
     * Score bodies up to this many characters are parsed on the event loop (a sequence of a few
     * hundred steps takes tens of microseconds); longer ones on the blocking executor.
     */
    static final int INLINE_BODY_CHARS = 64 * 1024;

    private final ModelRegistry registry;
    private final Requests.Limits limits;
    private final ApiKeys keys;
    private final ServiceMetrics meters;
    private final MicroBatcher batcher;
    private final Provider<RecordStore> intake;
    private final boolean appendScored;

    private final HeavyWork heavy;
    private final ExecutorService blocking;

    public ModelController(ModelRegistry registry, Requests.Limits limits, ApiKeys keys, ServiceMetrics meters,
                           MicroBatcher batcher, Provider<RecordStore> intake,
                           @Value("${seqae.intake.append-scored:false}") boolean appendScored, HeavyWork heavy,
                           @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.heavy = heavy;
        this.blocking = blocking;
        this.intake = intake;
        this.appendScored = appendScored;
        this.meters = meters;
        this.batcher = batcher;
        this.registry = registry;
        this.limits = limits;
        this.keys = keys;
    }

    /**
     * Scores a batch of sequences: per sequence the score, whether it is anomalous, the threshold
     * and the ranked feature shares; {@code ?detail=steps} adds per-step scores and per-step,
     * per-feature squared errors. {@code ?threshold=} picks another fitted strategy.
     */
    @Operation(operationId = "scoreSequences", summary = "Score sequences against the model's threshold")
    @Errors.KeyWhenRequired
    @Errors.ReadsSequences
    @Post(value = "/{name}/score", consumes = {MediaType.APPLICATION_JSON, CSV})
    public CompletableFuture<Scoring.ScoreAnswer> score(@PathVariable String name, @RequestBean CsvQuery csv,
                                                        @Nullable @Body String body,
                                                        @Header(value = "Content-Type",
                                                                defaultValue = MediaType.APPLICATION_JSON)
                                                        String contentType, @Nullable @QueryValue String detail,
                                                        @Nullable @QueryValue String threshold) {
        var active = registry.require(name);
        SeqAutoencoderModel m = active.model();
        boolean steps = detail != null && checkDetail(detail);
        ThresholdStrategy strategy = strategy(threshold);
        Threshold th = m.threshold(strategy);
        CompletableFuture<List<float[][]>> parsed = body != null && body.length() > INLINE_BODY_CHARS
                ? CompletableFuture.supplyAsync(() -> sequences(m, body, contentType, csv), blocking)
                : CompletableFuture.completedFuture(sequences(m, body, contentType, csv));
        return parsed.thenCompose(seqs -> {
            var scored = batcher.submit(m, seqs, strategy);
            return !appendScored ? scored : scored.thenApplyAsync(scores -> {
                appendNormal(name, seqs, scores);
                return scores;
            }, blocking);
        }).thenApply(scores -> {
            List<Scoring.SequenceScore> results = new ArrayList<>(scores.size());
            int flagged = 0;
            for (SeqAutoencoderModel.SequenceScore s : scores) {
                results.add(new Scoring.SequenceScore(s.score(), s.anomalous(),
                        shares(m.featureNames(), s.featureShares()), steps ? s.stepScores() : null,
                        steps ? s.squaredErrors() : null));
                flagged += s.anomalous() ? 1 : 0;
            }
            meters.scored(name, scores.size(), flagged);
            return new Scoring.ScoreAnswer(name, active.version(),
                    new Scoring.ThresholdUsed(strategyName(th.strategy()), th.value()), flagged, results);
        });
    }

    /**
     * Denoised sequences in the input's units ({@code sequences}, JSON or CSV, as for score), or —
     * {@code {"values": [[...], ...], "stride": 5}} — one denoised series, denoised window by window
     * and overlapping windows averaged; what {@code seqae denoise} writes.
     */
    @Operation(operationId = "denoise", summary = "Denoise sequences, or one series window by window")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.WithBody
    @Errors.Heavy
    @RequestBody(required = true, content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Scoring.DenoiseRequest.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post(value = "/{name}/denoise", consumes = {MediaType.APPLICATION_JSON, CSV})
    public Scoring.DenoiseAnswer denoise(@PathVariable String name, @RequestBean CsvQuery csv,
                                         @Nullable @Body String body,
                                       @Header(value = "Content-Type", defaultValue = MediaType.APPLICATION_JSON)
                                       String contentType,
                                       HttpRequest<?> request) {
        var active = registry.require(name);
        try (HeavyWork.Permit permit = heavy.admit(request)) {
            return denoise(name, active, body, contentType, csv, permit);
        }
    }

    private Scoring.DenoiseAnswer denoise(String name, ModelRegistry.Active active, String body, String contentType,
                                          CsvQuery csv, HeavyWork.Permit permit) {
        SeqAutoencoderModel m = active.model();
        boolean json = !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(CSV);
        JsonNode root = json ? Requests.json(body) : null;
        if (root != null && root.isObject() && root.has("values")) {
            Requests.requireKnownFields(root, "", List.of("values", "stride"));
            float[][] values = Requests.steps(root.get("values"), "values", m.features(), limits);
            Integer stride = root.hasNonNull("stride") ? intField(root, "stride", 1, 1, Math.max(1, m.config().window()))
                    : null;
            return new Scoring.DenoiseAnswer(name, active.version(), m.denoising(),
                    permit.run("denoising", () -> m.denoiseSeries("values", values, stride)), null);
        } else {
            if (json) {
                Requests.requireKnownFields(root, "", List.of("sequences", "values", "stride"));
            }
            List<float[][]> seqs = json ? Requests.sequences(root, m.features(), limits)
                    : sequences(m, body, contentType, csv);
            return new Scoring.DenoiseAnswer(name, active.version(), m.denoising(), null,
                    permit.run("denoising", () -> m.denoise(seqs)));
        }
    }

    /** Latent vectors, one per sequence. */
    @Operation(operationId = "encodeSequences", summary = "Latent vectors of sequences")
    @Errors.KeyWhenRequired
    @Errors.ReadsSequences
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post(value = "/{name}/encode", consumes = {MediaType.APPLICATION_JSON, CSV})
    public Scoring.EncodeAnswer encode(@PathVariable String name, @RequestBean CsvQuery csv,
                                       @Nullable @Body String body,
                                      @Header(value = "Content-Type", defaultValue = MediaType.APPLICATION_JSON)
                                      String contentType) {
        var active = registry.require(name);
        SeqAutoencoderModel m = active.model();
        List<float[]> latents = m.encode(sequences(m, body, contentType, csv));
        return new Scoring.EncodeAnswer(name, active.version(), m.latentWidth(), latents);
    }

    /**
     * Reconstructions in the input's units; {@code ?free_running=true} decodes step by step from
     * its own outputs (conditional decoders only).
     */
    @Operation(operationId = "reconstructSequences", summary = "Reconstructions of sequences")
    @Errors.KeyWhenRequired
    @Errors.ReadsSequences
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post(value = "/{name}/reconstruct", consumes = {MediaType.APPLICATION_JSON, CSV})
    public Scoring.ReconstructAnswer reconstruct(@PathVariable String name, @RequestBean CsvQuery csv,
                                                 @Nullable @Body String body,
                                           @Header(value = "Content-Type", defaultValue = MediaType.APPLICATION_JSON)
                                           String contentType,
                                           @Nullable @QueryValue("free_running") String freeRunning) {
        var active = registry.require(name);
        SeqAutoencoderModel m = active.model();
        boolean free = bool("free_running", freeRunning);
        var recon = m.reconstruct(sequences(m, body, contentType, csv), free);
        return new Scoring.ReconstructAnswer(name, active.version(), free,
                recon.stream().map(SeqAutoencoderModel.Reconstruction::reconstruction).toList());
    }

    /** The fields of a detect body. */
    static final List<String> DETECT_FIELDS = List.of("values", "timestamps", "smoothing", "padding", "min_length",
            "prune", "local_window", "local_step", "threshold", "stride", "points");

    /** The detect fields a model trained with a recipe takes: the others are the recipe's own settings. */
    static final List<String> RECIPE_DETECT_FIELDS = List.of("values", "timestamps", "points");

    /**
     * Anomalous intervals of one time series: {@code {"values": [[...], ...], "timestamps": [...],
     * "smoothing": 1, "padding": 0, "min_length": 1, "prune": 0, "local_window": 0, "local_step": null,
     * "threshold": null, "stride": 1, "points": false}} — the options of {@code seqae detect}.
     */
    @Operation(operationId = "detectIntervals", summary = "Anomalous intervals of one time series")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.WithBody
    @Errors.Heavy
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Detection.DetectRequest.class)))
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post(value = "/{name}/detect", consumes = MediaType.APPLICATION_JSON)
    public Detection.DetectAnswer detect(@PathVariable String name, @Nullable @Body String body,
                                         HttpRequest<?> request) {
        var active = registry.require(name);
        if (active.model().config().window() <= 0) {
            throw new InvalidInputException("model '" + name + "' scores separate sequences, not a time series: "
                    + "use /score");
        }
        try (HeavyWork.Permit permit = heavy.admit(request)) {
            return detect(name, active, body, permit);
        }
    }

    private Detection.DetectAnswer detect(String name, ModelRegistry.Active active, String body,
                                          HeavyWork.Permit permit) {
        SeqAutoencoderModel m = active.model();
        JsonNode root = Requests.json(body);
        if (!root.isObject()) {
            throw new InvalidInputException("the body must be an object with a 'values' array, got "
                    + Requests.kind(root));
        }
        Requests.requireKnownFields(root, "", DETECT_FIELDS);
        float[][] values = Requests.steps(root.get("values"), "values", m.features(), limits);
        String[] timestamps = timestamps(root.get("timestamps"), values.length);
        if (active.recipe() != null) {
            return detectWithRecipe(name, active, root, values, timestamps, permit);
        }
        if (values.length < m.config().window()) {
            throw new InvalidInputException("values has " + values.length + " points, fewer than the model's window of "
                    + m.config().window());
        }
        int n = values.length;
        IntervalDetector detector = new IntervalDetector(intField(root, "smoothing", 1, 1, n),
                intField(root, "padding", 0, 0, n), intField(root, "min_length", 1, 1, n),
                doubleField(root, "prune", 0));
        ThresholdStrategy strategy = root.hasNonNull("threshold") ? strategy(text(root, "threshold")) : null;
        int localWindow = intField(root, "local_window", 0, 0, n);
        if (localWindow == 1) {
            throw new InvalidInputException("local_window must be 0 (the threshold fitted at training) or from 2 to " + n
                    + ", got 1");
        }
        int stride = intField(root, "stride", 1, 1, m.config().window());
        Integer localStep = root.hasNonNull("local_step") ? intField(root, "local_step", 1, 1, n) : null;
        record Found(SeqAutoencoderModel.PointScores scores, List<Interval> intervals) { }
        Found found = permit.run("detect", () -> {
            var ps = m.scorePoints("request body", values, stride, strategy);
            return new Found(ps, detector.detect(ps.scores(), ps.threshold(), strategy, m.config().anomaly(),
                    localWindow, localStep));
        });
        var scores = found.scores();
        List<Interval> intervals = found.intervals();
        List<Detection.DetectedInterval> rows = new ArrayList<>();
        for (Interval i : intervals) {
            rows.add(intervalRow(i.start(), i.end(), timestamps, i.peakIndex(), i, shares(m.featureNames(),
                    SequenceScorer.featureShares(scores.featureErrors(), i.start(), i.end()))));
        }
        meters.detected(name, values.length, rows.size());
        boolean points = root.hasNonNull("points") && bool("points", text(root, "points"));
        return new Detection.DetectAnswer(name, active.version(), values.length, null, null,
                localWindow != 0 ? null : scores.threshold(), localWindow != 0 ? localWindow : null, rows,
                points ? scores.scores() : null,
                points ? IntervalDetector.ewma(scores.scores(), detector.smoothingSpan()) : null, null);
    }

    /** One detected interval as detect answers it: original points, both ends inclusive; its peak and severity. */
    private static Detection.DetectedInterval intervalRow(int start, int end, String[] timestamps, Integer peakIndex,
                                                          Interval scored, Map<String, Double> shares) {
        return new Detection.DetectedInterval(start, end, timestamps == null ? null : timestamps[start],
                timestamps == null ? null : timestamps[end], end - start + 1, peakIndex, scored.peak(),
                scored.severity(), shares);
    }

    /**
     * Detection by a model trained with a recipe ({@code seqae train --recipe}, or a time series
     * trained without model options): the recipe's own aggregation, scores and detector, as
     * {@code seqae detect} applies them; intervals as the original points they hold.
     */
    private Detection.DetectAnswer detectWithRecipe(String name, ModelRegistry.Active active, JsonNode root,
                                                    float[][] values, String[] timestamps, HeavyWork.Permit permit) {
        RecipeModels.Loaded recipe = active.recipe();
        for (String field : DETECT_FIELDS) {
            if (!RECIPE_DETECT_FIELDS.contains(field) && root.has(field)) {
                throw new InvalidInputException(field + ": model '" + name + "' detects with its recipe "
                        + recipe.recipe().name() + ", whose detection settings are its own (GET /api/v1/models/" + name
                        + " shows them); only " + RECIPE_DETECT_FIELDS + " go with it");
            }
        }
        double interval = recipe.run().interval();
        if (recipe.recipe().aggregate() && interval != 1 && timestamps == null) {
            throw new InvalidInputException("timestamps: model '" + name + "' averages its series over segments of "
                    + interval + " (seconds for date-time stamps) as recipe " + recipe.recipe().name()
                    + " was trained: give one time stamp per value");
        }
        if (values.length < recipe.recipe().model().window() + 1) {
            throw new InvalidInputException("values has " + values.length + " points; recipe " + recipe.recipe().name()
                    + " needs more than its window of " + recipe.recipe().model().window());
        }
        TimeSeries ts = new TimeSeries("request body", timestamps, values, active.model().featureNames());
        RecipeRun.Detection d = permit.run("detect", () -> recipe.run().detect(recipe.trained(), ts));
        List<int[]> held = d.points();
        List<Detection.DetectedInterval> rows = new ArrayList<>();
        for (int k = 0; k < d.intervals().size(); k++) {
            Interval i = d.intervals().get(k);
            int[] p = held.get(k);
            if (p == null) {
                continue;   // segments without any point (gaps in the time stamps) hold nothing to report
            }
            int[] peak = d.segments().pointsOf(i.peakIndex(), i.peakIndex());
            rows.add(intervalRow(p[0], p[1], timestamps, peak == null ? null : peak[0], i, null));
        }
        meters.detected(name, values.length, rows.size());
        boolean points = root.hasNonNull("points") && bool("points", text(root, "points"));
        return new Detection.DetectAnswer(name, active.version(), values.length, recipe.recipe().name(),
                d.segments().length(), null, null, rows, points ? d.pointErrors() : null, null,
                points ? d.pointThresholds() : null);
    }

    /**
     * With {@code seqae.intake.append-scored}, the scored sequences that were not flagged go to the
     * model's dataset (its name), so that retraining follows drift; committed before the answer.
     */
    private void appendNormal(String name, List<float[][]> seqs, List<SeqAutoencoderModel.SequenceScore> scores) {
        List<float[][]> normal = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i++) {
            if (!scores.get(i).anomalous()) {
                normal.add(seqs.get(i));
            }
        }
        if (!normal.isEmpty()) {
            intake.get().append(name, RecordStore.Kind.SEQUENCES, normal);
            meters.appendedScored(name, normal.size());
        }
    }

    private List<float[][]> sequences(SeqAutoencoderModel m, String body, String contentType, CsvQuery csv) {
        return Requests.sequences(body, contentType, m.features(), limits, Requests.csvOptions(csv::get));
    }

    private static Map<String, Double> shares(String[] names, double[] shares) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int f : SequenceScorer.rank(shares)) {
            out.put(names[f], shares[f]);
        }
        return out;
    }

    private static boolean checkDetail(String detail) {
        if (!detail.equals("steps")) {
            throw new InvalidInputException("detail: '" + detail + "' is not supported (use detail=steps)");
        }
        return true;
    }

    private static ThresholdStrategy strategy(String name) {
        return name == null ? null : Options.parseEnum(ThresholdStrategy.class, "threshold", name);
    }

    private static String strategyName(ThresholdStrategy s) {
        return Options.display(s);
    }

    private static boolean bool(String field, String v) {
        if (v == null) {
            return false;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(field + ": '" + v + "' is not true or false");
        };
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n.isValueNode() ? n.asText() : n.toString();
    }

    /** An integer field in {@code [min, max]} (the bounds are said in the error), or {@code fallback} when absent. */
    private static int intField(JsonNode root, String field, int fallback, int min, int max) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        String range = " from " + min + " to " + max;
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new InvalidInputException(field + " must be an integer" + range + ", got " + Requests.kind(n)
                    + (n.isNumber() ? " (" + n.asText() + ")" : ""));
        }
        if (n.intValue() < min || n.intValue() > max) {
            throw new InvalidInputException(field + " must be an integer" + range + ", got " + n.intValue());
        }
        return n.intValue();
    }

    private static double doubleField(JsonNode root, String field, double fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
            throw new InvalidInputException(field + " must be a finite number, got " + Requests.kind(n));
        }
        return n.doubleValue();
    }

    private static String[] timestamps(JsonNode n, int points) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray() || n.size() != points) {
            throw new InvalidInputException("timestamps must be an array of " + points + " strings (one per value), got "
                    + (n.isArray() ? n.size() + " entries" : Requests.kind(n)));
        }
        String[] out = new String[points];
        for (int i = 0; i < points; i++) {
            out[i] = n.get(i).asText();
        }
        return out;
    }
}
