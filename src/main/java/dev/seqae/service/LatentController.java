package dev.seqae.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seqae.data.Dataset;
import dev.seqae.data.LabeledSequence;
import dev.seqae.data.SequenceSet;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Sequences;
import dev.seqae.plot.ModelPlots;
import dev.seqae.plot.Plots;
import dev.seqae.projection.LatentView;
import dev.seqae.projection.Projector;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import dev.seqae.service.api.Latent;
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
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jfree.chart.JFreeChart;

/**
 * The latent space over HTTP: {@code POST .../project} (sequences in, coordinates out),
 * {@code GET .../latent?dataset=} (every sequence's score and latent vector as CSV or JSON,
 * streamed as it is computed), {@code GET .../plots/{kind}.png} (the pictures of {@code seqae plot}).
 */
@Tag(name = "latent")
@Controller("/api/v1/models")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LatentController {
    /** Sequences encoded per step while streaming an export. */
    static final int CHUNK = 512;

    private final ModelRegistry registry;
    private final Requests.Limits limits;
    private final ApiKeys keys;
    private final Path dataDir;
    private final ExecutorService blocking;
    private final HeavyWork heavy;
    private final TsneLimits tsneLimits;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LatentController.class);

    public LatentController(ModelRegistry registry, Requests.Limits limits, ApiKeys keys,
                            @Value("${seqae.data-dir:datasets}") String dataDir,
                            @Named(TaskExecutors.BLOCKING) ExecutorService blocking, HeavyWork heavy,
                            TsneLimits tsneLimits) {
        this.blocking = blocking;
        this.heavy = heavy;
        this.tsneLimits = tsneLimits;
        this.registry = registry;
        this.limits = limits;
        this.keys = keys;
        this.dataDir = Path.of(dataDir);
    }

    /**
     * Projects the sequences of the body (as for {@code /score}) with PCA or t-SNE: per sequence its
     * index, score, anomaly flag and coordinates ({@code ?latent=true}: also the latent vector).
     */
    @Operation(operationId = "projectLatent", summary = "Project sequences' latent vectors with PCA or t-SNE")
    @Errors.KeyWhenRequired
    @Errors.ReadsSequences
    @Errors.Heavy
    @Post(value = "/{name}/project", consumes = {MediaType.APPLICATION_JSON, "text/csv"})
    public Latent.ProjectionAnswer project(@PathVariable String name, @RequestBean CsvQuery csv,
                                           @Nullable @Body String body,
                                       @Header(value = "Content-Type", defaultValue = MediaType.APPLICATION_JSON)
                                       String contentType, @Nullable @QueryValue String method,
                                       @Nullable @QueryValue Integer dims, @Nullable @QueryValue Double perplexity,
                                       @Nullable @QueryValue("learning_rate") Double learningRate,
                                       @Nullable @QueryValue Integer iterations, @Nullable @QueryValue Long seed,
                                       @Nullable @QueryValue("max_points") Integer maxPoints,
                                       @Nullable @QueryValue String latent, HttpRequest<?> request) {
        SeqAutoencoderModel m = registry.get(name);
        try (HeavyWork.Permit permit = heavy.admit(request)) {
            return project(name, m, body, contentType, csv, method, dims, perplexity, learningRate, iterations, seed,
                    maxPoints, latent, permit);
        }
    }

    private Latent.ProjectionAnswer project(String name, SeqAutoencoderModel m, String body, String contentType,
                                            CsvQuery csv,
                                        String method, Integer dims, Double perplexity, Double learningRate,
                                        Integer iterations, Long seed, Integer maxPoints, String latent,
                                        HeavyWork.Permit permit) {
        List<float[][]> seqs = Requests.sequences(body, contentType, m.features(), limits,
                Requests.csvOptions(csv::get));
        List<LabeledSequence> list = new ArrayList<>();
        for (int i = 0; i < seqs.size(); i++) {
            list.add(new LabeledSequence(String.valueOf(i), null, seqs.get(i)));
        }
        Projector.TsneOptions d = Projector.TsneOptions.defaults();
        Projector.TsneOptions tsne;
        try {
            tsne = tsneLimits.check(new Projector.TsneOptions(
                    perplexity != null ? perplexity : d.perplexity(), learningRate != null ? learningRate
                    : d.learningRate(), iterations != null ? iterations : d.iterations(), seed != null ? seed : d.seed(),
                    maxPoints != null ? maxPoints : d.maxPoints(), d.pcaDims()));
        } catch (InvalidInputException e) {
            // the core names the settings as the command line spells them; here they are query parameters
            throw new InvalidInputException(e.getMessage().replace("learning-rate", "learning_rate")
                    .replace("max-points", "max_points"), e);
        }
        SequenceSet set = new SequenceSet("request body", list, m.featureNames());
        boolean withLatent = "true".equalsIgnoreCase(latent);
        LatentView view = permit.run("the projection", () -> LatentView.of(m, set, method, dims == null ? 2 : dims,
                tsne));
        var p = view.projection();
        List<Latent.ProjectedRow> rows = view.rows().stream().map(r -> new Latent.ProjectedRow(r.index(), r.id(),
                r.label(), r.score(), r.anomalous(), withLatent ? r.latent() : null, r.coordinates())).toList();
        return new Latent.ProjectionAnswer(p.method(), view.set().size(), p.rows().length, p.note(),
                p.explainedVariance(), view.cost(), rows, name);
    }

    /**
     * Exports every sequence of a dataset file (data folder; reading options as query parameters:
     * layout, label_column, ...): id, label, score, is_anomaly, z0..zK — CSV by default,
     * {@code ?format=json} for a JSON array. Written as it is computed, {@value #CHUNK} sequences
     * at a time.
     */
    @Operation(operationId = "exportLatent", summary = "Export a dataset file's latent vectors and scores, streamed")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @ApiResponse(responseCode = "200", description = "one row per sequence, written as computed: JSON when the "
            + "Accept header prefers it (or format=json), else CSV", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, array = @io.swagger.v3.oas.annotations.media.ArraySchema(
                    schema = @Schema(implementation = Latent.LatentRow.class))),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string",
                    description = "id,label,score,is_anomaly,z0..zK"))})
    @Get("/{name}/latent")
    public HttpResponse<StreamedFile> latent(@PathVariable String name, @RequestBean CsvQuery csv,
                                             @Nullable @QueryValue String dataset, @Nullable @QueryValue String format,
                                             HttpRequest<?> request) throws IOException {
        SeqAutoencoderModel m = registry.get(name);
        boolean json = format == null ? prefersJson(request.getHeaders().get("Accept"))
                : switch (format.toLowerCase(Locale.ROOT)) {
                    case "csv" -> false;
                    case "json" -> true;
                    default -> throw new InvalidInputException("format: '" + format + "' is not one of csv, json");
                };
        SequenceSet set = Sequences.of(read(dataset, csv), m);
        int k = m.latentWidth();
        Writable out = writer -> {
            if (json) {
                try (JsonGenerator g = JsonMapper.builder().build().getFactory().createGenerator(writer)
                        .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)) {
                    g.writeStartArray();
                    forChunks(m, set, (s, score, z) -> {
                        g.writeStartObject();
                        g.writeStringField("id", s.id());
                        g.writeStringField("label", s.label());
                        g.writeNumberField("score", score.score());
                        g.writeBooleanField("is_anomaly", score.anomalous());
                        g.writeArrayFieldStart("latent");
                        for (float v : z) {
                            g.writeNumber(v);
                        }
                        g.writeEndArray();
                        g.writeEndObject();
                    });
                    g.writeEndArray();
                }
            } else {
                List<String> header = new ArrayList<>(List.of("id", "label", "score", "is_anomaly"));
                for (int j = 0; j < k; j++) {
                    header.add("z" + j);
                }
                CSVPrinter p = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
                        .setRecordSeparator('\n').get());
                forChunks(m, set, (s, score, z) -> {
                    List<Object> row = new ArrayList<>(List.of(s.id(), s.label() == null ? "" : s.label(),
                            score.score(), score.anomalous()));
                    for (float v : z) {
                        row.add(v);
                    }
                    p.printRecord(row);
                });
                p.flush();
            }
        };
        // written by a blocking-pool thread into a pipe the server streams from (chunked): the rows
        // leave as they are computed, and memory stays at one chunk whatever the size of the file
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream pipe = new PipedOutputStream(in);
        blocking.execute(() -> {
            try (Writer w = new BufferedWriter(new OutputStreamWriter(pipe, StandardCharsets.UTF_8))) {
                out.writeTo(w);
            } catch (IOException | RuntimeException e) {
                LOG.warn("latent export of {} stopped: {}", name, e.toString());
            }
        });
        MediaType type = json ? MediaType.APPLICATION_JSON_TYPE : MediaType.of("text/csv");
        return HttpResponse.ok(new StreamedFile(in, type)).contentType(type);
    }

    /**
     * Whether an Accept header ranks JSON above CSV, or lists it first at the same rank (no header or
     * a wildcard alone: CSV, the default).
     */
    static boolean prefersJson(String accept) {
        MediaTypes.Rank json = MediaTypes.rank(accept, java.util.Set.of("application/json"));
        MediaTypes.Rank csv = MediaTypes.rank(accept, java.util.Set.of("text/csv", "text/*", "*/*"));
        return json.quality() > csv.quality()
                || json.quality() > 0 && json.quality() == csv.quality() && json.position() < csv.position();
    }

    /** One exported row. */
    private interface RowWriter {
        void write(LabeledSequence s, SeqAutoencoderModel.SequenceScore score, float[] latent) throws IOException;
    }

    private static void forChunks(SeqAutoencoderModel m, SequenceSet set, RowWriter w) throws IOException {
        for (int from = 0; from < set.size(); from += CHUNK) {
            List<LabeledSequence> chunk = set.sequences().subList(from, Math.min(set.size(), from + CHUNK));
            List<float[][]> values = chunk.stream().map(LabeledSequence::values).toList();
            var recon = m.reconstruct(values, false);
            var scores = m.scoreReconstructions(recon, null);
            for (int i = 0; i < chunk.size(); i++) {
                w.write(chunk.get(i), scores.get(i), recon.get(i).latent());
            }
        }
    }

    /** The plots there are. */
    private static final List<String> PLOTS = List.of("loss", "latent", "scores", "series");

    /**
     * A picture as PNG: {@code loss} (no data), {@code latent}, {@code scores} ({@code ?dataset=}
     * with reading options; {@code method}, {@code color_by}) or {@code series} (a time series;
     * {@code feature}, {@code smoothing}); {@code width} and {@code height} in pixels.
     */
    @Operation(operationId = "plot", summary = "A picture: loss, latent, scores or series (PNG)")
    @Errors.KeyWhenRequired
    @Errors.Api
    @Errors.BadInput
    @Errors.NotFound
    @Errors.Heavy
    @ApiResponse(responseCode = "200", description = "the picture", content = @Content(mediaType = "image/png",
            schema = @Schema(type = "string", format = "binary")))
    @Get(value = "/{name}/plots/{kind}", produces = "image/png")
    public HttpResponse<byte[]> plot(@PathVariable String name, @PathVariable String kind, @RequestBean CsvQuery csv,
                                     @Nullable @QueryValue String dataset, @Nullable @QueryValue String method,
                                     @Nullable @QueryValue("color_by") String colorBy,
                                     @Nullable @QueryValue String feature, @Nullable @QueryValue Integer smoothing,
                                     @Nullable @QueryValue Integer width, @Nullable @QueryValue Integer height,
                                     HttpRequest<?> request)
            throws IOException {
        SeqAutoencoderModel m = registry.get(name);
        int w = width == null ? 900 : width;
        int h = height == null ? 600 : height;
        if (w < 100 || h < 100 || w > 4000 || h > 4000) {
            throw new InvalidInputException("width and height must be in [100, 4000], got " + w + "x" + h);
        }
        String k = kind.toLowerCase(Locale.ROOT).replaceFirst("\\.png$", "");
        if (!PLOTS.contains(k)) {   // a 404 even when the heavy pool is full
            throw ApiException.notFound("no plot '" + kind + "' (" + String.join(", ", PLOTS.stream()
                    .map(p -> p + ".png").toList()) + ")");
        }
        try (HeavyWork.Permit permit = heavy.admit(request)) {
            return plot(name, m, k, kind, dataset, method, colorBy, feature, smoothing, w, h, csv, permit);
        }
    }

    private HttpResponse<byte[]> plot(String name, SeqAutoencoderModel m, String k, String kind, String dataset,
                                      String method, String colorBy, String feature, Integer smoothing, int w, int h,
                                      CsvQuery csv, HeavyWork.Permit permit) throws IOException {
        // the data is read here, on the request's thread (its slot taken first); the chart is drawn on
        // the heavy pool
        java.util.concurrent.Callable<JFreeChart> chart = switch (k) {
            case "loss" -> () -> ModelPlots.loss(m, name);
            case "latent" -> {
                LatentView.method(method);   // the cheap parameter first, before the data is read
                SequenceSet set = Sequences.of(read(dataset, csv), m);
                yield () -> ModelPlots.latent(LatentView.of(m, set, method, 2, Projector.TsneOptions.defaults()), name,
                        ModelPlots.byLabel(set, colorBy));
            }
            case "scores" -> {
                SequenceSet set = Sequences.of(read(dataset, csv), m);
                yield () -> ModelPlots.scores(m, set, dataset, ModelPlots.byLabel(set, colorBy));
            }
            case "series" -> {
                Dataset d = read(dataset, csv);
                if (!(d instanceof TimeSeries ts)) {
                    throw new InvalidInputException("dataset '" + dataset + "' is not one time series");
                }
                Sequences.requireTimeSeriesModel(ts, m);
                yield () -> ModelPlots.series(m, ts, feature, smoothing == null ? 1 : smoothing, dataset);
            }
            default -> throw new IllegalStateException("plot kinds checked above: " + k);
        };
        byte[] png = permit.run("the plot", () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Plots.png(chart.call(), w, h, out);
            return out.toByteArray();
        });
        return HttpResponse.ok(png).contentType(MediaType.IMAGE_PNG_TYPE);
    }

    /** {@code ?dataset=} with its reading options from the query. */
    private Dataset read(String dataset, CsvQuery query) {
        if (dataset == null) {
            throw new InvalidInputException("missing query parameter 'dataset' (a file of the data folder)");
        }
        ObjectNode csv = JsonMapper.builder().build().createObjectNode();
        for (String k : Requests.CSV_PARAMETERS) {
            String v = query.get(k);
            if (v != null) {
                csv.put(k, v);
            }
        }
        return TrainingRequests.readDataset(dataDir, dataset, csv);
    }
}
