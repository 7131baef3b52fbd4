package dev.seqae.evaluation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Each finished signal of a suite run kept on disk, one JSON file per signal, so that a run that
 * was stopped can be resumed without redoing what it had finished. A kept result is used again
 * only when everything that decides it is the same: the recipe's settings (its full description),
 * the seed, and the signal's input files (name, size and SHA-256 of the content of each). Results do
 * not depend on the thread count, so a resumed run reports what an uninterrupted one would.
 */
public final class SignalStore {
    private static final int VERSION = 2; // 2: inputs by content, not by modification time
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final Path dir;
    private final Map<String, String> recipe;
    private final long seed;
    private final boolean reuse;

    /** What one file holds. */
    record Entry(int version, String key, Map<String, String> recipe, long seed, String inputs, SignalResult result) {
    }

    /**
     * @param dir    where the files go (created when the first one is written)
     * @param recipe the recipe's description ({@code Recipe.describe()} of the seeded recipe)
     * @param seed   the seed
     * @param reuse  whether kept results are used ({@code --resume}); they are written either way
     */
    public SignalStore(Path dir, Map<String, String> recipe, long seed, boolean reuse) {
        this.dir = dir;
        this.recipe = Map.copyOf(recipe);
        this.seed = seed;
        this.reuse = reuse;
    }

    /** The kept result for {@code job}, or null when there is none, it is unreadable or anything differs. */
    SignalResult find(SuiteRunner.Job job) {
        if (!reuse) {
            return null;
        }
        Path file = file(job.key());
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Entry e = JSON.readValue(file.toFile(), Entry.class);
            boolean same = e.version() == VERSION && job.key().equals(e.key()) && recipe.equals(e.recipe())
                    && seed == e.seed() && fingerprint(job.inputs()).equals(e.inputs()) && e.result() != null;
            return same ? e.result() : null;
        } catch (IOException | RuntimeException e) {
            return null; // a damaged or foreign file: the signal is run again and the file replaced
        }
    }

    /** Keeps {@code result} (atomically: a stopped run leaves the old file or the new one). */
    void put(SuiteRunner.Job job, SignalResult result) {
        Entry e = new Entry(VERSION, job.key(), recipe, seed, fingerprint(job.inputs()), result);
        try {
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(e);
            AtomicFiles.write(file(job.key()), os -> os.write(bytes));
        } catch (IOException ex) {
            throw new UncheckedIOException(dir + ": cannot keep the result of " + job.key(), ex);
        }
    }

    /** {@code key}'s file: the key with every character outside [A-Za-z0-9._-] replaced by '_'. */
    Path file(String key) {
        return dir.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
    }

    /**
     * Name, size and SHA-256 of the content of each input, in order. The content, not the
     * modification time: a data folder copied again (same bytes, new times) keeps its results.
     */
    static String fingerprint(List<Path> inputs) {
        StringBuilder b = new StringBuilder();
        for (Path p : inputs) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long size = 0;
                try (InputStream in = Files.newInputStream(p)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                        size += n;
                    }
                }
                b.append(p.getFileName()).append(':').append(size).append(':')
                        .append(HexFormat.of().formatHex(sha.digest())).append(';');
            } catch (IOException e) {
                throw new InvalidInputException(p + ": cannot read: " + e.getMessage(), e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }
        return b.toString();
    }
}
