package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.client.ApiClient;
import dev.seqae.client.ApiException;
import dev.seqae.client.api.DatasetsApi;
import dev.seqae.client.api.JobsApi;
import dev.seqae.client.api.LatentApi;
import dev.seqae.client.api.ModelsApi;
import dev.seqae.client.api.OperationsApi;
import dev.seqae.client.api.RetrainingApi;
import dev.seqae.client.api.ScoringApi;
import dev.seqae.client.api.StreamsApi;
import dev.seqae.client.model.DenoiseRequest;
import dev.seqae.client.model.DetectRequest;
import dev.seqae.client.model.Problem;
import dev.seqae.client.model.RecordsRequest;
import dev.seqae.client.model.SequencesRequest;
import dev.seqae.client.model.StreamPoint;
import dev.seqae.client.model.StreamPointsAnswer;
import dev.seqae.client.model.StreamPointsRequest;
import dev.seqae.client.model.StreamRequest;
import dev.seqae.client.model.TrainRequest;
import dev.seqae.client.model.TrainingJob;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.data.TimeSeries;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java client that openapi-generator builds from the published document at build time
 * ({@code dev.seqae.client}, target/generated-test-sources) calls every operation of the service,
 * typed, and gets typed answers — a problem answer included. If the document and the service
 * disagree, the client fails to decode (and {@link ContractCheck} names the exchange).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ContractCheck.class)
class GeneratedClientTest {
    static final String KEY = "client-key";
    static final List<float[][]> NORMAL = SyntheticGenerator.normal(64, 12, 1, 3);
    EmbeddedServer server;
    ApiClient client;

    @BeforeAll
    void start() throws Exception {
        Path models = Files.createTempDirectory("seqae-client");
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {6}, 3, new int[] {6})
                .withTraining(5e-3, 16, 2, 0, 0.25, 5);
        SeqAutoencoderModel seq = new Trainer(cfg, null).fit(NORMAL, new String[] {"x"}, "client");
        ModelFile.save(seq, models.resolve("beats.seqae"));
        ModelFile.save(seq, models.resolve("spare.seqae"));
        float[][] series = new float[200][1];
        for (int t = 0; t < series.length; t++) {
            series[t][0] = (float) Math.sin(t / 5.0);
        }
        ModelFile.save(new Trainer(cfg.withData(cfg.normalization(), 20, 5), null)
                .fit(new TimeSeries("sine", null, series, new String[] {"x"}), "sine"), models.resolve("sine.seqae"));
        Path data = Files.createTempDirectory("seqae-client-data");
        StringBuilder csv = new StringBuilder();
        for (float[][] s : NORMAL.subList(0, 20)) {
            for (int t = 0; t < s.length; t++) {
                csv.append(t == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", s[t][0]));
            }
            csv.append('\n');
        }
        Files.writeString(data.resolve("beats.csv"), csv);
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("seqae.models-dir", models.toString(),
                "micronaut.server.port", -1, "seqae.api-key", KEY, "seqae.data-dir", data.toString(),
                "seqae.retraining.enabled", false,
                "seqae.retraining.models.beats.schedule", "0 3 * * *",
                "seqae.retraining.models.beats.dataset", "beats-recent", "seqae.retraining.models.beats.rows", "100"));
        client = new ApiClient();
        client.updateBaseUri(server.getURL().toString());
        client.setRequestInterceptor(b -> b.header("X-API-Key", KEY));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static List<Object> sequence(float[][] s) {
        List<Object> steps = new ArrayList<>();
        for (float[] step : s) {
            steps.add(List.of((double) step[0]));
        }
        return steps;
    }

    static SequencesRequest sequences(int n) {
        SequencesRequest r = new SequencesRequest();
        for (int i = 0; i < n; i++) {
            r.addSequencesItem(sequence(NORMAL.get(i)));
        }
        return r;
    }

    @Test
    void everyOperationThroughTheGeneratedClient() throws Exception {
        OperationsApi ops = new OperationsApi(client);
        assertEquals("UP", ops.liveness().getStatus());
        assertEquals("UP", ops.readiness().getStatus());
        assertEquals(3, ops.health().getDetails().getModels().size(), "the key shows the details");
        assertTrue(ops.scrapeMetrics().contains("# HELP seqae_models_loaded"));

        ModelsApi models = new ModelsApi(client);
        assertEquals(List.of("beats", "sine", "spare"), models.listModels().getModels().stream()
                .map(m -> m.getName()).toList());
        assertEquals("beats", models.describeModel("beats").getName());
        assertEquals(1, models.listVersions("beats").getActive());

        ScoringApi scoring = new ScoringApi(client);
        var scored = scoring.scoreSequences("beats", sequences(3), null, null, null, null, null, null, null, null,
                "steps", null);
        assertEquals(3, scored.getResults().size());
        assertEquals(12, scored.getResults().get(0).getStepScores().size());
        assertEquals(3, scoring.encodeSequences("beats", sequences(2), null, null, null, null, null, null, null,
                null).getLatentSize());
        assertEquals(2, scoring.reconstructSequences("beats", sequences(2), null, null, null, null, null, null, null,
                null, null).getReconstructions().size());
        DenoiseRequest denoise = new DenoiseRequest();
        denoise.addSequencesItem(sequence(NORMAL.get(0)));
        assertEquals(1, scoring.denoise("beats", denoise, null, null, null, null, null, null, null, null)
                .getSequences().size());
        DetectRequest detect = new DetectRequest();
        for (int t = 0; t < 100; t++) {
            detect.addValuesItem(Math.sin(t / 5.0));
        }
        detect.setPoints(new dev.seqae.client.model.DetectRequestPoints(true));
        var found = scoring.detectIntervals("sine", detect);
        assertEquals(100, found.getPoints());
        assertEquals(100, found.getPointScores().size());

        LatentApi latent = new LatentApi(client);
        assertEquals(4, latent.projectLatent("beats", sequences(4), null, null, null, null, null, null, null, null,
                "pca", null, null, null, null, null, null, null).getRows().size());
        var export = latent.exportLatent("beats", "rows", null, null, "false", null, null, null, null,
                "beats.csv", null);
        assertEquals(20, export.size());
        assertEquals(3, export.get(0).getLatent().size());
        File png = latent.plot("beats", "loss.png", null, null, null, null, null, null, null, null, null, null, null,
                null, null, 300, 200);
        byte[] head = Files.readAllBytes(png.toPath());
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);

        DatasetsApi datasets = new DatasetsApi(client);
        RecordsRequest records = new RecordsRequest();
        records.addSequencesItem(sequence(NORMAL.get(5)));
        assertEquals(1, datasets.appendRecords("beats-recent", records, null, null, null, null, null).getRecords());
        assertEquals("sequences", datasets.describeDataset("beats-recent").getKind());

        RetrainingApi retraining = new RetrainingApi(client);
        assertTrue(retraining.getRetraining("beats", 5).getPlanned());
        assertEquals("queued", retraining.runRetraining("beats").getState());

        JobsApi jobs = new JobsApi(client);
        TrainRequest train = new TrainRequest();
        train.setConfig(Map.of("encoder", 4, "decoder", 4, "latent", 2, "epochs", 1000, "patience", 1000, "batch", 1));
        for (int i = 0; i < 16; i++) {
            train.addSequencesItem(sequence(NORMAL.get(i)));
        }
        TrainingJob job = models.trainModel("fresh", train);
        assertEquals(job.getId(), jobs.getJob(job.getId()).getId());
        assertTrue(jobs.listJobs("10", null).getJobs().stream().anyMatch(j -> j.getId().equals(job.getId())));
        TrainingJob cancelled = jobs.cancelJob(job.getId());
        assertEquals(job.getId(), cancelled.getId());

        assertEquals(1, models.promoteVersion("spare", 1).getActive());
        ApiException noEarlier = assertThrows(ApiException.class, () -> models.rollback("spare"));
        assertEquals(409, noEarlier.getCode());
        assertTrue(noEarlier.getResponseBody().contains("no earlier active version to roll back to"));
        assertEquals("spare", models.deleteModel("spare").getDeleted());

        StreamsApi streams = new StreamsApi(client);
        StreamRequest put = new StreamRequest();
        put.setModel("sine");
        put.setSmoothing(2);
        assertEquals("sine", streams.putStream("sine-live", put).getModel());
        StreamPointsRequest live = new StreamPointsRequest();
        for (int t = 0; t < 25; t++) {
            StreamPoint p = new StreamPoint();
            p.setTimestamp(1000 + 60 * t);
            p.setValues(List.of(Math.sin(t / 5.0)));
            live.addPointsItem(p);
        }
        StreamPointsAnswer taken = streams.appendStreamPoints("sine-live", live, null);
        assertEquals(25, taken.getAccepted());
        assertEquals(25, taken.getScores().size(), "the first window (20 points) scores its points, then each");
        assertEquals(25L, streams.describeStream("sine-live").getState().getPoints());
        assertTrue(streams.listStreams().getStreams().contains("sine-live"));
        assertEquals(taken.getEvents().size(), streams.streamEvents("sine-live", null, null).getEvents().size());
        assertEquals(5, streams.streamPoints("sine-live", "5").getPoints().size());
        assertTrue(streams.listAlerts().getWebhooks().isEmpty(), "no webhook configured here");
        assertTrue(streams.alertDeliveries("sine-live", null, "pending", "10").getDeliveries().isEmpty());
        assertEquals("sine-live", streams.deleteStream("sine-live").getDeleted());

        // a problem answer, decoded as the document's Problem
        ApiException missing = assertThrows(ApiException.class, () -> models.describeModel("nope"));
        assertEquals(404, missing.getCode());
        Problem problem = JsonMapper.builder().build().readValue(missing.getResponseBody(), Problem.class);
        assertEquals(404, problem.getStatus());
        assertEquals("model 'nope' not found", problem.getDetail());
        assertTrue(problem.getRequestId().matches("[0-9a-f]{16}"));
        assertEquals("about:blank", problem.getType());
    }
}
