package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A heavy request whose client closes the connection is stopped: its slot on the heavy pool is
 * free again long before the computation (a t-SNE of 2,000 points, 2,000 iterations: about a
 * minute here) or the server's time limit would have ended.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.seqae.service.ContractCheck.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientDepartureTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    @Inject
    HeavyWork heavy;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path dir = Files.createTempDirectory("seqae-departure");
            ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {8}, 4, new int[] {8})
                    .withTraining(5e-3, 16, 1, 0, 0.25, 3);
            SeqAutoencoderModel m = new Trainer(cfg, null).fit(SyntheticGenerator.normal(64, 16, 2, 3),
                    new String[] {"a", "b"}, "departure");
            ModelFile.save(m, dir.resolve("m.seqae"));
            return Map.of("seqae.models-dir", dir.toString(), "seqae.limits.heavy.workers", "1",
                    "seqae.limits.heavy.queue", "0", "seqae.limits.heavy.timeout", "120s",
                    "seqae.retraining.enabled", "false");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aProjectionWhoseClientHangsUpIsStoppedAndItsSlotFreed() throws Exception {
        byte[] body = ServiceTest.sequences(SyntheticGenerator.normal(2000, 16, 2, 8))
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/models/m/project?method=tsne&iterations=2000&max_points=2000 HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (heavy.busy() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, heavy.busy(), "the projection is running");
            Thread.sleep(500);   // into the iterations
        }
        long closed = System.nanoTime();
        long deadline = closed + TimeUnit.SECONDS.toNanos(15);
        while (heavy.busy() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, heavy.busy(), "the slot is free again after the client left");
        assertTrue(System.nanoTime() - closed < TimeUnit.SECONDS.toNanos(15));
    }
}
