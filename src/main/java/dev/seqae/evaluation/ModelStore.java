package dev.seqae.evaluation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.io.AtomicFiles;
import dev.seqae.recipe.RecipeModels;
import dev.seqae.recipe.RecipeRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Each signal's trained model kept on disk, so that recipes which differ only after training
 * (combination, error, smoothing: most rows of an ablation) reuse one training instead of
 * repeating it. Models live under {@code <dir>/<hash>-seed<seed>/<signal>.zip}, where the hash is
 * of the recipe's {@link dev.seqae.recipe.Recipe#trainingDescription() training description}; beside
 * each, a JSON file with that description, the aggregation interval and the signal's input
 * fingerprint. A kept model is used only when all three match, and only when asked to
 * ({@code --resume}); a missing, damaged or different one is trained again and replaced.
 */
public final class ModelStore {
    private static final int VERSION = 2; // 2: inputs by content, not by modification time
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path dir;
    private final boolean reuse;
    private final AtomicInteger reused = new AtomicInteger();

    /** What the file beside a model holds. */
    record Entry(int version, String key, Map<String, String> training, double interval, String inputs) {
    }

    /**
     * @param dir   the suite's model folder (created when the first model is written)
     * @param reuse whether kept models are used; they are written either way
     */
    public ModelStore(Path dir, boolean reuse) {
        this.dir = dir;
        this.reuse = reuse;
    }

    /** The kept model of {@code job} for {@code run}, or a new one from {@code train}, kept before it is returned. */
    RecipeRun.Trained trainOrLoad(SuiteRunner.Job job, RecipeRun run, Supplier<RecipeRun.Trained> train) {
        Path model = model(job.key(), run);
        Path side = sidecar(model);
        Entry expected = new Entry(VERSION, job.key(), run.recipe().trainingDescription(), run.interval(),
                SignalStore.fingerprint(job.inputs()));
        if (reuse && Files.isRegularFile(model) && Files.isRegularFile(side)) {
            try {
                if (expected.equals(JSON.readValue(side.toFile(), Entry.class))) {
                    RecipeRun.Trained kept = RecipeModels.load(model).trained();
                    reused.incrementAndGet();
                    return kept;
                }
            } catch (IOException | RuntimeException e) {
                // a damaged or foreign file: trained again below and replaced
            }
        }
        RecipeRun.Trained trained = train.get();
        try {
            Files.deleteIfExists(side); // a model without its description is never used
            RecipeModels.save(run, trained, model);
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(expected);
            AtomicFiles.write(side, os -> os.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot keep the model of " + job.key(), e);
        }
        return trained;
    }

    /** How many kept models this store has handed out instead of training. */
    public int reused() {
        return reused.get();
    }

    /** Where {@code key}'s model for {@code run} goes. */
    Path model(String key, RecipeRun run) {
        String folder = hash(run.recipe().trainingDescription().toString()) + "-seed" + run.recipe().model().seed();
        return dir.resolve(folder).resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + ".zip");
    }

    private static Path sidecar(Path model) {
        return model.resolveSibling(model.getFileName().toString().replaceFirst("\\.zip$", ".json"));
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
