package dev.seqae.service;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.recipe.RecipeModels;
import dev.seqae.registry.VersionStore;
import dev.seqae.retraining.ModelVersions;
import dev.seqae.retraining.RetrainingRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models the service answers with: the active version of every name of a {@link
 * VersionStore} (numbered versions, one active per name), loaded at start. A model file placed
 * directly in the folder ({@code <name>.seqae}, as {@code seqae train --out} writes it) is imported
 * as a new version and made active. Models are immutable and thread-safe; {@link #publish} saves a
 * new version, activates it and then swaps the reference, so a request in flight finishes on the
 * model it started with and the next one sees the new model — no request fails during a swap.
 * Changes are serialised. No Micronaut here.
 */
public final class ModelRegistry implements ModelVersions {
    /** Letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64: no path can be built from it. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String EXTENSION = ".seqae";

    private final Path dir;
    private final VersionStore store;
    private final int keep;
    /** The model and version number each name answers with, swapped as one reference. */
    private final Map<String, Active> models = new ConcurrentHashMap<>();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelRegistry.class);
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    /** Keeps the last 5 versions of each name. */
    public ModelRegistry(Path dir) {
        this(dir, 5);
    }

    /**
     * Loads the active version of every name under {@code dir} (created when missing), after
     * importing loose model files; a version that fails to load is reported, not fatal.
     *
     * @param keep versions kept per name (older, inactive ones are deleted after each publish)
     */
    public ModelRegistry(Path dir, int keep) {
        this.dir = dir;
        this.store = new VersionStore(dir);
        this.keep = keep;
        try {
            Files.createDirectories(dir);
            store.cleanUp();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot prepare the models folder: " + e.getMessage(), e);
        }
        importLooseFiles();
        try {
            for (String name : store.names()) {
                if (!NAME.matcher(name).matches()) {
                    failed.put(name, "not a valid model name");
                    continue;
                }
                try {
                    var active = store.active(name);
                    if (active.isEmpty()) {
                        failed.put(name, "no active version");
                        continue;
                    }
                    models.put(name, load(name, active.get()));
                } catch (IOException | RuntimeException e) {
                    failed.put(name, reason(e));
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list the models folder: " + e.getMessage(), e);
        }
    }

    /** {@code <name>.seqae} files in the folder become the next, active version of {@code name}; the file is then removed. */
    private void importLooseFiles() {
        List<Path> loose;
        try (Stream<Path> files = Files.list(dir)) {
            loose = files.filter(p -> p.getFileName().toString().endsWith(EXTENSION) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot list the models folder: " + e.getMessage(), e);
        }
        for (Path f : loose) {
            String file = f.getFileName().toString();
            String name = file.substring(0, file.length() - EXTENSION.length());
            if (!NAME.matcher(name).matches()) {
                failed.put(file, "not a valid model name");
                continue;
            }
            try {
                loadFile(f, 0);
                int v = store.addFile(name, f, "imported " + file, Map.of());
                store.promote(name, v, "imported from " + file);
                Files.delete(f);
            } catch (IOException | RuntimeException e) {
                failed.put(name, reason(e));
            }
        }
    }

    /** Version {@code v} of {@code name}, with its detection recipe when it was trained with one. */
    private Active load(String name, int v) {
        return loadFile(store.file(name, v), v);
    }

    private static Active loadFile(Path file, int v) {
        RecipeModels.Saved saved = RecipeModels.saved(file);
        if (saved == null) {
            return new Active(v, ModelFile.load(file));
        }
        RecipeModels.Loaded loaded = RecipeModels.load(file, saved);
        return new Active(v, loaded.trained().model(), loaded);
    }

    /**
     * Why a model did not load, as the service may say it (GET /api/v1/models lists it): the
     * message with the models folder's own path left out; the whole of it goes to the log.
     */
    private String reason(Exception e) {
        String m = String.valueOf(e.getMessage());
        LOG.warn("a model in {} did not load: {}", dir, m);
        for (Path p : List.of(dir.toAbsolutePath().normalize(), dir)) {
            m = m.replace(p + java.io.File.separator, "").replace(p.toString(), "the models folder");
        }
        return m;
    }

    /** The folder the models live in. */
    public Path dir() {
        return dir;
    }

    /** Checks a model name from a request: 400 with the reason when it could name a path or is malformed. */
    public static String checkName(String name) {
        return VersionStore.checkName(name);
    }

    /** As {@link #checkName(String)}, for a dataset's name. */
    public static String checkDatasetName(String name) {
        return VersionStore.checkName(name, "dataset");
    }

    /** The model called {@code name}, or 404. */
    public SeqAutoencoderModel get(String name) {
        return require(name).model();
    }

    /** The model called {@code name} with its version number (read together), or 404. */
    public Active require(String name) {
        Active a = models.get(checkName(name));
        if (a == null) {
            throw ApiException.notFound("model '" + name + "' not found" + (failed.containsKey(name)
                    ? " (its file did not load: " + failed.get(name) + ")" : ""));
        }
        return a;
    }

    @Override
    public Optional<Active> active(String name) {
        return Optional.ofNullable(models.get(checkName(name)));
    }

    /** Loaded model names, sorted. */
    public List<String> names() {
        return models.keySet().stream().sorted().toList();
    }

    /** Files that did not load at start, with the reason. */
    public Map<String, String> failures() {
        return new LinkedHashMap<>(failed);
    }

    /** Saves {@code model} as the next version of {@code name}, activates it and answers with it. */
    public synchronized int publish(String name, SeqAutoencoderModel model, String trigger,
                                    Map<String, Object> metrics) throws IOException {
        checkName(name);
        int v = store.add(name, model, trigger, metrics);
        store.promote(name, v, "published by " + trigger);
        models.put(name, new Active(v, model));
        failed.remove(name);
        store.retain(name, keep);
        return v;
    }

    @Override
    public synchronized int addCandidate(String name, SeqAutoencoderModel model, String trigger,
                                         Map<String, Object> metrics) throws IOException {
        checkName(name);
        return store.add(name, model, trigger, metrics);
    }

    @Override
    public synchronized void reject(String name, int v, String reason) throws IOException {
        store.reject(name, v, reason);
        store.retain(name, keep);
    }

    @Override
    public void recordRun(String name, RetrainingRun run) throws IOException {
        String line = run.toJson();
        synchronized (this) {
            store.appendRun(name, line);
        }
    }

    @Override
    public List<RetrainingRun> runs(String name, int limit) throws IOException {
        List<String> lines = store.runLines(checkName(name));
        List<RetrainingRun> out = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && out.size() < limit; i--) {
            // a line from another version of seqae is skipped rather than failing the whole history
            RetrainingRun.fromJson(lines.get(i)).ifPresent(out::add);
        }
        return Collections.unmodifiableList(out);
    }

    /** Every version of {@code name}, oldest first (404 for an unknown name). */
    public List<VersionStore.Version> versions(String name) throws IOException {
        checkName(name);
        List<VersionStore.Version> all;
        try {
            all = store.versions(name);
        } catch (dev.seqae.registry.DamagedRegistryException e) {
            LOG.warn("model {}: {}", name, e.getMessage());
            throw new ApiException(409, "model '" + name + "': its version registry is damaged (the active pointer "
                    + "does not name a version); repair it on the server or delete the model");
        }
        if (all.isEmpty()) {
            throw ApiException.notFound("model '" + name + "' not found");
        }
        return all;
    }

    /** Activates version {@code v} of {@code name} (it must load) and answers with it. */
    public void promote(String name, int v) throws IOException {
        promote(name, v, "promoted");
    }

    /** As {@link #promote(String, int)}, with the reason recorded in the version's manifest. */
    public synchronized void promote(String name, int v, String reason) throws IOException {
        versions(name);
        VersionStore.Version target;
        try {
            target = store.version(name, v);
        } catch (InvalidInputException e) {
            throw ApiException.notFound(e.getMessage());
        }
        Active m = load(name, target.version());
        store.promote(name, v, reason);
        models.put(name, m);
        failed.remove(name);
        store.retain(name, keep);
    }

    @Override
    public synchronized boolean promoteIfActive(String name, int v, int expectedActive, String reason)
            throws IOException {
        Integer now = activeVersion(name);
        if (now == null || now != expectedActive) {
            return false;
        }
        promote(name, v, reason);
        return true;
    }

    /** Activates the previously active version of {@code name}; returns its number. */
    public synchronized int rollback(String name) throws IOException {
        versions(name);
        int v = store.rollback(name);
        models.put(name, load(name, v));
        return v;
    }

    /** The active version number of a loaded model, or null. */
    public Integer activeVersion(String name) {
        Active a = models.get(name);
        return a == null ? null : a.version();
    }

    /**
     * Stops answering with {@code name} and deletes its file; 404 when there is no such model. A
     * request already holding the model finishes on it.
     */
    public synchronized void remove(String name) throws IOException {
        boolean loaded = models.remove(checkName(name)) != null;
        boolean unloadable = failed.remove(name) != null;   // a model that did not load can be deleted too
        if (!loaded && !unloadable) {
            throw ApiException.notFound("model '" + name + "' not found");
        }
        store.delete(name);
        Files.deleteIfExists(dir.resolve(name + EXTENSION));   // a file that failed to import
    }

    /** Whether any model is loaded (readiness). */
    public boolean isEmpty() {
        return models.isEmpty();
    }
}
