package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.model.ModelFile;
import dev.seqae.registry.VersionStore;
import dev.seqae.registry.VersionStoreTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up over a registry: loose files imported, a damaged active version reported and skipped. */
class ModelRegistryTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedVersionIsReportedAndTheOthersServe() throws IOException {
        VersionStore store = new VersionStore(dir);
        store.promote("good", store.add("good", VersionStoreTest.tiny(1), "test", Map.of()), null);
        store.promote("bad", store.add("bad", VersionStoreTest.tiny(2), "test", Map.of()), null);
        Files.writeString(dir.resolve("bad/v0001/model.seqae"), "damaged");
        ModelFile.save(VersionStoreTest.tiny(3), dir.resolve("loose.seqae"));

        ModelRegistry registry = new ModelRegistry(dir);
        assertEquals(List.of("good", "loose"), registry.names());
        assertTrue(registry.failures().containsKey("bad"), registry.failures().toString());
        assertEquals(1, registry.activeVersion("loose"));
        assertFalse(Files.exists(dir.resolve("loose.seqae")), "the loose file became version 1");
        var e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, () -> registry.get("bad"));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("did not load"), e.getMessage());
        // publishing a new version of the damaged one repairs it
        assertEquals(2, registry.publish("bad", VersionStoreTest.tiny(4), "test", Map.of()));
        assertTrue(registry.failures().isEmpty());
        assertEquals(4L, registry.get("bad").provenance().seed());
    }
}
