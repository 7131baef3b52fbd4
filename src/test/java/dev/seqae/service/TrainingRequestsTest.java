package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Training requests read as docs/service.md shows them. */
class TrainingRequestsTest {
    @Test
    void theDocumentedDatasetBodyParsesWithTheDefaultRelativeDataFolder() throws Exception {
        // the shipped default: seqae.data-dir = datasets, relative to the working directory
        JsonNode body = new ObjectMapper().readTree("{\"dataset\": \"ecg5000/ECG5000_TRAIN.tsv\", "
                + "\"csv\": {\"layout\": \"rows\", \"label_column\": \"0\", \"normal_labels\": [\"1\"]}, "
                + "\"config\": {\"encoder\": 64, \"latent\": 16, \"epochs\": 100, \"patience\": 10}}");
        TrainingRequests.Parsed p = TrainingRequests.parse(body, Path.of("datasets"), new Requests.Limits(10000, 100000));
        assertEquals("dataset ecg5000/ECG5000_TRAIN.tsv", p.description());
        assertEquals(292, ((dev.seqae.data.SequenceSet) p.data()).size(), "the normal (class 1) training beats");
        assertEquals(16, p.config().latentSize());
    }
}
