package dev.seqae.service;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models the service answers with: every {@code <name>.seqae} of one folder, loaded at start.
 * Models are immutable and thread-safe; {@link #publish} saves a new one atomically and then
 * swaps the reference, so a request in flight finishes on the model it started with and the next
 * one sees the new model — no request fails during a swap. No Micronaut here.
 */
public final class ModelRegistry {
    /** Letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64: no path can be built from it. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String EXTENSION = ".seqae";

    private final Path dir;
    private final Map<String, SeqAutoencoderModel> models = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    /** Loads every model of {@code dir} (created when missing); a file that fails to load is reported, not fatal. */
    public ModelRegistry(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot create the models folder: " + e.getMessage(), e);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(EXTENSION)).sorted().toList()) {
                String file = f.getFileName().toString();
                String name = file.substring(0, file.length() - EXTENSION.length());
                if (!NAME.matcher(name).matches()) {
                    failed.put(file, "not a valid model name");
                    continue;
                }
                try {
                    models.put(name, ModelFile.load(f));
                } catch (RuntimeException e) {
                    failed.put(name, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list the models folder: " + e.getMessage(), e);
        }
    }

    /** The folder the models live in. */
    public Path dir() {
        return dir;
    }

    /** Checks a model name from a request: 400 with the reason when it could name a path or is malformed. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("model name '" + name + "' is not valid: use 1-64 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit (no paths)");
        }
        return name;
    }

    /** The model called {@code name}, or 404. */
    public SeqAutoencoderModel get(String name) {
        SeqAutoencoderModel m = models.get(checkName(name));
        if (m == null) {
            throw ApiException.notFound("model '" + name + "' not found" + (failed.containsKey(name)
                    ? " (its file did not load: " + failed.get(name) + ")" : ""));
        }
        return m;
    }

    /** Loaded model names, sorted. */
    public List<String> names() {
        return models.keySet().stream().sorted().toList();
    }

    /** Files that did not load at start, with the reason. */
    public Map<String, String> failures() {
        return new LinkedHashMap<>(failed);
    }

    /** Saves {@code model} as {@code <name>.seqae} (atomically) and makes it the one answered with. */
    public void publish(String name, SeqAutoencoderModel model) throws IOException {
        ModelFile.save(model, dir.resolve(checkName(name) + EXTENSION));
        models.put(name, model);
        failed.remove(name);
    }

    /**
     * Stops answering with {@code name} and deletes its file; 404 when there is no such model. A
     * request already holding the model finishes on it.
     */
    public void remove(String name) throws IOException {
        if (models.remove(checkName(name)) == null) {
            throw ApiException.notFound("model '" + name + "' not found");
        }
        Files.deleteIfExists(dir.resolve(name + EXTENSION));
    }

    /** Whether any model is loaded (readiness). */
    public boolean isEmpty() {
        return models.isEmpty();
    }
}
