package dev.seqae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    static SeqAutoencoderModel model;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        model = TinyModels.train(DecoderKind.CONDITIONAL, true);
    }

    @Test
    void saveThenLoadGivesIdenticalReconstructionsAndMetadata() throws IOException {
        Path f = dir.resolve("m.seqae");
        ModelFile.save(model, f);
        SeqAutoencoderModel loaded = ModelFile.load(f);
        var a = model.reconstruct(TinyModels.DATA, false);
        var b = loaded.reconstruct(TinyModels.DATA, false);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).latent(), b.get(i).latent());
            for (int t = 0; t < a.get(i).reconstruction().length; t++) {
                assertArrayEquals(a.get(i).reconstruction()[t], b.get(i).reconstruction()[t]);
            }
        }
        assertEquals(model.config(), loaded.config());
        assertEquals(model.thresholds(), loaded.thresholds());
        assertEquals(model.provenance().seed(), loaded.provenance().seed());
        assertEquals(model.provenance().dataFingerprint(), loaded.provenance().dataFingerprint());
        assertEquals(11L, loaded.provenance().seed());
    }

    @Test
    void predictionHeadsModelRoundTripsAndRefusesWhatItCannotRead() throws IOException {
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {10}, 0, new int[] {8})
                .withBidirectional(true).withPredictionHeads(0.5).withTraining(5e-3, 16, 2, 0, 0.25, 13);
        SeqAutoencoderModel m = new Trainer(cfg, null).fit(TinyModels.DATA, new String[] {"a", "b"}, "tiny");
        Path f = dir.resolve("heads.seqae");
        ModelFile.save(m, f);
        SeqAutoencoderModel loaded = ModelFile.load(f);
        assertEquals(0.5, loaded.config().predictionWeight());
        // windows of two lengths are scored in separate batches (heads take no padding)
        List<float[][]> input = List.of(TinyModels.DATA.get(0), java.util.Arrays.copyOf(TinyModels.DATA.get(1), 9));
        var a = m.reconstruct(input, false);
        var b = loaded.reconstruct(input, false);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(input.get(i).length, b.get(i).reconstruction().length);
            for (int t = 0; t < a.get(i).reconstruction().length; t++) {
                assertArrayEquals(a.get(i).reconstruction()[t], b.get(i).reconstruction()[t]);
            }
        }
        assertTrue(ModelFile.toJson(ModelFile.readState(f)).contains("\"predictionWeight\" : 0.5"));
        var tooShort = assertThrows(InvalidInputException.class,
                () -> loaded.reconstruct(List.<float[][]>of(java.util.Arrays.copyOf(TinyModels.DATA.get(0), 2)), false));
        assertTrue(tooShort.getMessage().startsWith("sequence 0 has 2 steps"), tooShort.getMessage());
        List<float[][]> mixed = new java.util.ArrayList<>(TinyModels.DATA);
        mixed.set(5, java.util.Arrays.copyOf(mixed.get(5), 10));
        var unequal = assertThrows(InvalidInputException.class,
                () -> new Trainer(cfg, null).fit(mixed, new String[] {"a", "b"}, "tiny"));
        assertTrue(unequal.getMessage().startsWith("training sequence 5 has 10 steps"), unequal.getMessage());
        var conditional = assertThrows(InvalidInputException.class, () -> ModelConfig.defaults()
                .withDecoder(DecoderKind.CONDITIONAL, false).withPredictionHeads(0.5));
        assertTrue(conditional.getMessage().startsWith("prediction-heads need the repeat decoder"),
                conditional.getMessage());
    }

    @Test
    void bidirectionalModelRoundTripsWithItsShape() throws IOException {
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {10}, 0, new int[] {8})
                .withBidirectional(true).withTraining(5e-3, 16, 2, 0, 0.25, 13);
        SeqAutoencoderModel bi = new Trainer(cfg, null).fit(TinyModels.DATA, new String[] {"a", "b"}, "tiny");
        assertEquals(20, bi.latentWidth(), "no bottleneck: both directions' summaries, 10 each");
        Path f = dir.resolve("bi.seqae");
        ModelFile.save(bi, f);
        SeqAutoencoderModel loaded = ModelFile.load(f);
        assertTrue(loaded.bidirectional() && loaded.config().bidirectional());
        List<float[][]> input = List.of(TinyModels.DATA.get(0), java.util.Arrays.copyOf(TinyModels.DATA.get(1), 9));
        var a = bi.reconstruct(input, false);
        var b = loaded.reconstruct(input, false);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(20, b.get(i).latent().length);
            assertArrayEquals(a.get(i).latent(), b.get(i).latent());
            assertEquals(input.get(i).length, b.get(i).reconstruction().length);
            for (int t = 0; t < a.get(i).reconstruction().length; t++) {
                assertArrayEquals(a.get(i).reconstruction()[t], b.get(i).reconstruction()[t]);
            }
        }
        assertTrue(ModelFile.toJson(ModelFile.readState(f)).contains("\"bidirectional\" : true"));
        var conditional = assertThrows(InvalidInputException.class, () -> ModelConfig.defaults()
                .withDecoder(DecoderKind.CONDITIONAL, false).withBidirectional(true));
        assertTrue(conditional.getMessage().startsWith("bidirectional needs the repeat decoder"),
                conditional.getMessage());
    }

    @Test
    void foreignFileIsRejectedClearly() throws IOException {
        Path f = dir.resolve("x.seqae");
        Files.writeString(f, "hello");
        var e = assertThrows(InvalidInputException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().contains("not a seqae model file"), e.getMessage());
        Path zip = dir.resolve("y.seqae");
        try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("other.txt"));
            out.write(1);
        }
        e = assertThrows(InvalidInputException.class, () -> ModelFile.load(zip));
        assertTrue(e.getMessage().contains("not a seqae model file (no seqae/manifest.json)"), e.getMessage());
    }

    @Test
    void corruptedParametersAreDetected() throws IOException {
        Path f = dir.resolve("m.seqae");
        ModelFile.save(model, f);
        Path bad = dir.resolve("bad.seqae");
        rewrite(f, bad, ModelFile.PARAMS, bytes -> {
            bytes[10] ^= 0x40;
            return bytes;
        });
        var e = assertThrows(InvalidInputException.class, () -> ModelFile.load(bad));
        assertTrue(e.getMessage().contains("corrupt model file (parameter checksum mismatch)"), e.getMessage());
    }

    @Test
    void newerFormatIsRefusedWithVersions() throws IOException {
        Path f = dir.resolve("m.seqae");
        ModelFile.save(model, f);
        Path newer = dir.resolve("newer.seqae");
        rewrite(f, newer, ModelFile.MANIFEST,
                bytes -> new String(bytes).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99").getBytes());
        var e = assertThrows(InvalidInputException.class, () -> ModelFile.load(newer));
        assertTrue(e.getMessage().contains("written by a newer seqae (format 99)"), e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        var e = assertThrows(InvalidInputException.class, () -> ModelFile.load(dir.resolve("none.seqae")));
        assertTrue(e.getMessage().endsWith("none.seqae: model file not found"), e.getMessage());
    }

    @Test
    void failedWriteLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("m.seqae");
        ModelFile.save(model, f);
        byte[] before = Files.readAllBytes(f);
        assertThrows(IOException.class, () -> AtomicFiles.write(f, os -> {
            os.write(new byte[] {1, 2, 3});
            throw new IOException("disk full");
        }));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
        ModelFile.load(f);
    }

    interface Edit {
        byte[] apply(byte[] b);
    }

    private static void rewrite(Path from, Path to, String entry, Edit edit) throws IOException {
        try (var zin = new java.util.zip.ZipFile(from.toFile());
             var out = new ZipOutputStream(Files.newOutputStream(to))) {
            var entries = zin.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                byte[] data = zin.getInputStream(e).readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(e.getName().equals(entry) ? edit.apply(data) : data);
                out.closeEntry();
            }
        }
    }
}
