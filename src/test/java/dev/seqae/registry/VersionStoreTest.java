package dev.seqae.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SyntheticGenerator;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class VersionStoreTest {
    @TempDir
    Path root;

    public static SeqAutoencoderModel tiny(long seed) {
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {6}, 2, new int[] {6})
                .withTraining(5e-3, 16, 1, 0, 0.25, seed);
        return new Trainer(cfg, null).fit(SyntheticGenerator.normal(32, 10, 1, 1), new String[] {"v"}, "tiny");
    }

    @Test
    void versionsRoundTripAndOneIsActive() throws IOException {
        VersionStore store = new VersionStore(root);
        int v1 = store.add("ecg", tiny(1), "test", Map.of("validation_loss", 0.5));
        int v2 = store.add("ecg", tiny(2), "test", Map.of());
        assertEquals(1, v1);
        assertEquals(2, v2);
        assertTrue(store.active("ecg").isEmpty(), "added versions are candidates");
        store.promote("ecg", 1, "first");
        assertEquals(1, store.active("ecg").orElseThrow());
        assertEquals(2L, store.load("ecg", 1).provenance().seed() + 1);
        store.promote("ecg", 2, "better");
        List<VersionStore.Version> all = store.versions("ecg");
        assertEquals(VersionStore.Status.RETIRED, all.get(0).status());
        assertEquals("replaced by v2", all.get(0).reason());
        assertEquals(VersionStore.Status.ACTIVE, all.get(1).status());
        assertEquals(0.5, ((Number) all.get(0).metrics().get("validation_loss")).doubleValue());
        assertEquals(List.of("ecg"), store.names());
    }

    @Test
    void rollbackReturnsToThePreviousActiveVersion() throws IOException {
        VersionStore store = new VersionStore(root);
        for (int i = 1; i <= 3; i++) {
            store.add("m", tiny(i), "test", Map.of());
        }
        var e = assertThrows(InvalidInputException.class, () -> store.rollback("m"));
        assertTrue(e.getMessage().contains("no active version"), e.getMessage());
        store.promote("m", 1, null);
        assertThrows(InvalidInputException.class, () -> store.rollback("m"), "nothing earlier");
        store.promote("m", 3, null);
        assertEquals(1, store.rollback("m"));
        assertEquals(1, store.active("m").orElseThrow());
        assertEquals(VersionStore.Status.RETIRED, store.versions("m").get(2).status());
        store.reject("m", 2, "validation loss 20% worse than v1");
        assertEquals("validation loss 20% worse than v1", store.version("m", 2).reason());
        assertThrows(InvalidInputException.class, () -> store.reject("m", 1, "no"), "the active one");
    }

    @Test
    void retentionKeepsTheNewestAndAlwaysTheActive() throws IOException {
        VersionStore store = new VersionStore(root);
        for (int i = 1; i <= 5; i++) {
            store.add("m", tiny(i), "test", Map.of());
        }
        store.promote("m", 1, null);
        assertEquals(List.of(2, 3), store.retain("m", 2));
        assertEquals(List.of(1, 4, 5), store.versions("m").stream().map(VersionStore.Version::version).toList());
        assertEquals(6, store.add("m", tiny(6), "test", Map.of()), "numbers are never reused");
        assertThrows(InvalidInputException.class, () -> store.retain("m", 0));
    }

    @Test
    void leftoversOfAKilledWriterAreIgnoredAndCleanedUp() throws IOException {
        VersionStore store = new VersionStore(root);
        store.add("m", tiny(1), "test", Map.of());
        Files.createDirectories(root.resolve("m").resolve(".tmp-dead"));
        Files.writeString(root.resolve("m").resolve(".tmp-dead").resolve("model.seqae"), "half");
        Files.createDirectories(root.resolve("m").resolve(".del-dead"));
        assertEquals(1, store.versions("m").size());
        store.cleanUp();
        try (var s = Files.list(root.resolve("m"))) {
            assertEquals(List.of("v0001"), s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
