package dev.seqae.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.Smoothing;
import dev.seqae.anomaly.WindowedAnomalies;
import dev.seqae.data.Normalizer;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recipe's model file: what comes back detects exactly as what was saved, and damage is named. */
class RecipeModelsTest {
    @TempDir
    Path dir;

    private static TimeSeries series(int n) {
        float[][] v = new float[n][];
        String[] stamps = new String[n];
        for (int i = 0; i < n; i++) {
            v[i] = new float[] {(float) Math.sin(i / 4.0) + (i % 37 == 0 ? 3 : 0)};
            stamps[i] = Integer.toString(i * 10);
        }
        return new TimeSeries("toy", stamps, v, new String[] {"value"});
    }

    private static Recipe tiny() {
        ModelConfig model = ModelConfig.defaults().withLayers(new int[] {4}, 0, new int[] {4})
                .withTraining(1e-2, 16, 2, 2, 0.2, 5).withData(Normalizer.Kind.SYMMETRIC_MINMAX, 12, 1);
        return new Recipe("tiny", model, true, Recipe.Combine.MEDIAN_RECONSTRUCTION, Recipe.ErrorKind.ABSOLUTE,
                new Smoothing(Smoothing.Kind.CENTRED, 0.01, 200), WindowedAnomalies.orion(), null, 50);
    }

    @Test
    void aSavedRecipeModelDetectsExactlyAsTheOneInMemory() throws IOException {
        RecipeRun run = new RecipeRun(tiny(), 20);
        RecipeRun.Trained trained = run.train(series(300), "toy", 1);
        Path file = dir.resolve("m.seqae");
        RecipeModels.save(run, trained, file);
        RecipeModels.Loaded loaded = RecipeModels.load(file);
        Recipe r = loaded.recipe();
        Recipe t = tiny();
        assertEquals(List.of(t.name(), t.aggregate(), t.combine(), t.error(), t.smoothing(), t.windowed(),
                t.maxTrainingWindows()), List.of(r.name(), r.aggregate(), r.combine(), r.error(), r.smoothing(),
                r.windowed(), r.maxTrainingWindows()));
        assertEquals(5, r.model().seed());
        assertEquals(20, loaded.run().interval());
        assertArrayEquals(trained.imputation(), loaded.trained().imputation());
        assertEquals(150, loaded.trained().trainingSegments());
        assertEquals(3, loaded.trained().model().config().stride(), "139 windows cut to at most 50: stride 3");
        RecipeRun.Detection a = run.detect(trained, series(400));
        RecipeRun.Detection b = loaded.run().detect(loaded.trained(), series(400));
        assertArrayEquals(a.errors(), b.errors());
        assertEquals(a.spans(), b.spans());
    }

    @Test
    void aPlainModelHasNoRecipeAndADamagedRecipeIsNamed() throws IOException {
        RecipeRun run = new RecipeRun(tiny(), 20);
        RecipeRun.Trained trained = run.train(series(300), "toy", 1);
        Path plain = dir.resolve("plain.seqae");
        ModelFile.save(trained.model(), plain);
        assertNull(RecipeModels.saved(plain));
        var e = assertThrows(InvalidInputException.class, () -> RecipeModels.load(plain));
        assertTrue(e.getMessage().contains("trained without a recipe"), e.getMessage());

        Path damaged = dir.resolve("damaged.seqae");
        ModelFile.save(trained.model(), damaged, Map.of(RecipeModels.ENTRY,
                "{\"version\": 1, \"name\": \"x\", \"combine\": \"SIDEWAYS\"}".getBytes(StandardCharsets.UTF_8)));
        e = assertThrows(InvalidInputException.class, () -> RecipeModels.load(damaged));
        assertTrue(e.getMessage().contains("corrupt model file (seqae/recipe.json"), e.getMessage());

        Path future = dir.resolve("future.seqae");
        RecipeModels.save(run, trained, future);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + future.toUri()), Map.of())) {
            Path entry = zip.getPath(RecipeModels.ENTRY);
            Files.writeString(entry, Files.readString(entry).replace("\"version\" : 1", "\"version\" : 9"));
        }
        e = assertThrows(InvalidInputException.class, () -> RecipeModels.load(future));
        assertTrue(e.getMessage().contains("is format 9"), e.getMessage());
    }
}
