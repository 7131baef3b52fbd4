package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelFile;
import dev.seqae.registry.VersionStoreTest;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With seqae.intake.append-scored, the sequences a score request did not flag land in the model's dataset. */
@org.junit.jupiter.api.extension.ExtendWith(dev.seqae.service.ContractCheck.class)
class AppendScoredTest {
    @TempDir
    Path dir;

    @Test
    void unflaggedScoredSequencesAreAppended() throws Exception {
        ModelFile.save(VersionStoreTest.tiny(1), dir.resolve("models").resolve("m.seqae"));
        List<float[][]> normal = SyntheticGenerator.normal(2, 10, 1, 1);
        StringBuilder body = new StringBuilder("{\"sequences\": [");
        for (int i = 0; i < 3; i++) {
            float[][] s = i < 2 ? normal.get(i) : normal.get(0);
            body.append(i == 0 ? "[" : ",[");
            for (int t = 0; t < s.length; t++) {
                body.append(t == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", s[t][0] * (i == 2 ? 60 : 1)));
            }
            body.append(']');
        }
        body.append("]}");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "seqae.models-dir", dir.resolve("models").toString(), "micronaut.server.port", -1,
                "seqae.api-key", "k", "seqae.intake.append-scored", true,
                "seqae.intake.url", "jdbc:h2:file:" + dir.resolve("intake") + dev.seqae.intake.RecordStore.H2_OPTIONS));
             HttpClient client = HttpClient.create(server.getURL())) {
            var scored = JsonMapper.builder().build().readTree(client.toBlocking().retrieve(
                    HttpRequest.POST("/api/v1/models/m/score", body.toString())
                            .contentType(MediaType.APPLICATION_JSON_TYPE)));
            int flagged = scored.get("anomalies").asInt();
            assertEquals(true, scored.at("/results/2/is_anomaly").asBoolean(), scored.toString());
            var info = JsonMapper.builder().build().readTree(client.toBlocking().retrieve("/api/v1/datasets/m"));
            assertEquals(3 - flagged, info.get("records").asInt());
            assertEquals("sequences", info.get("kind").asText());
        }
    }
}
