package dev.seqae.registry;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.io.AtomicFiles;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Numbered versions of named models under one root:
 * <pre>
 *   root/name/v0001/model.seqae      the self-contained model file
 *   root/name/v0001/manifest.json    status, reason, trigger, metrics, times
 *   root/name/ACTIVE                 the active version's number
 *   root/name/HISTORY                the versions that were active, oldest first (for rollback)
 *   root/name/RUNS                   the last 200 retraining runs, one JSON object per line
 * </pre>
 * Crash safety by construction: a version is written into a temporary folder and renamed into
 * place whole, so a {@code vNNNN} folder is always complete; {@code ACTIVE} and {@code HISTORY}
 * are replaced atomically ({@link AtomicFiles}) and {@code ACTIVE} only ever names a complete
 * version. {@code ACTIVE} is the truth: a manifest's status is informational and {@link
 * #versions} reports the version {@code ACTIVE} names as active whatever its manifest says (a
 * kill between the two writes cannot make two versions active). Not thread-safe per name:
 * callers serialise changes to one name.
 */
public final class VersionStore {
    private static final Pattern VERSION_DIR = Pattern.compile("v(\\d{4,})");
    /** Letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64: no path can be built from it. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    static final String MODEL = "model.seqae";
    static final String MANIFEST = "manifest.json";
    static final String ACTIVE = "ACTIVE";
    static final String HISTORY = "HISTORY";
    static final String RUNS = "RUNS";
    /** Retraining runs kept per name. */
    static final int RUNS_KEPT = 200;

    /** A version's status. */
    public enum Status { CANDIDATE, ACTIVE, RETIRED, REJECTED }

    /**
     * What is known of a version.
     *
     * @param version   its number (1, 2, ...)
     * @param status    as of the last change ({@code ACTIVE} exactly when the pointer names it)
     * @param reason    why it was rejected or retired, or null
     * @param trigger   who or what created it ("api", "schedule", "cli", ...)
     * @param createdAt when it was added
     * @param metrics   training and validation figures
     */
    public record Version(int version, Status status, String reason, String trigger, String createdAt,
                          Map<String, Object> metrics) {
    }

    private final Path root;

    public VersionStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** A model name as given by a user: an error (400 / exit 2) with the rule when it could name a path. */
    public static String checkName(String name) {
        return checkName(name, "model");
    }

    /**
     * As {@link #checkName(String)} for a name of another {@code kind} of thing (a dataset, say);
     * a long name is shown shortened, with its length.
     */
    public static String checkName(String name, String kind) {
        if (name == null || !NAME.matcher(name).matches()) {
            String shown = name == null || name.length() <= 40 ? "'" + name + "'"
                    : "'" + name.substring(0, 40) + "…' (" + name.length() + " characters)";
            throw new InvalidInputException(kind + " name " + shown + " is not valid: use 1-64 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit (no paths)");
        }
        return name;
    }

    private Path dir(String name) {
        return root.resolve(checkName(name));
    }

    /** Names that have at least one version, sorted. */
    public List<String> names() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches()).sorted().toList();
        }
    }

    /** Adds {@code model} as the next version of {@code name}, a candidate (not active). */
    public int add(String name, SeqAutoencoderModel model, String trigger, Map<String, Object> metrics)
            throws IOException {
        return add(name, target -> ModelFile.save(model, target), trigger, metrics);
    }

    /**
     * Adds a model file as it is (every entry kept, a detection recipe's included) as the next
     * version of {@code name}, a candidate; the caller has checked that it loads.
     */
    public int addFile(String name, Path file, String trigger, Map<String, Object> metrics) throws IOException {
        return add(name, target -> Files.copy(file, target), trigger, metrics);
    }

    /** Writes a version's model file. */
    @FunctionalInterface
    private interface ModelWriter {
        void write(Path target) throws IOException;
    }

    private int add(String name, ModelWriter writer, String trigger, Map<String, Object> metrics) throws IOException {
        Path dir = dir(name);
        Files.createDirectories(dir);
        Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            writer.write(tmp.resolve(MODEL));
            String createdAt = Instant.now().toString();
            for (int attempt = 0; ; attempt++) {
                int v = next(name);
                writeManifest(tmp, new Version(v, Status.CANDIDATE, null, trigger, createdAt,
                        metrics == null ? Map.of() : metrics));
                try {
                    Files.move(tmp, dir.resolve(folder(v)), StandardCopyOption.ATOMIC_MOVE);
                    return v;
                } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                    if (attempt > 10) {
                        throw e;
                    }
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException(dir + ": the file system cannot rename folders atomically", e);
                }
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** Makes version {@code v} the active one; the previous active version is retired. */
    public void promote(String name, int v, String reason) throws IOException {
        Version target = version(name, v);
        if (target.status() == Status.ACTIVE) {
            return;
        }
        Optional<Integer> before = active(name);
        List<Integer> history = new ArrayList<>(history(name));
        history.add(v);
        AtomicFiles.write(dir(name).resolve(HISTORY), os -> os.write(join(history)));
        AtomicFiles.write(dir(name).resolve(ACTIVE), os -> os.write(String.valueOf(v)
                .getBytes(StandardCharsets.UTF_8)));
        setStatus(name, v, Status.ACTIVE, reason);
        if (before.isPresent()) {
            setStatus(name, before.get(), Status.RETIRED, "replaced by v" + v);
        }
    }

    /** Makes the previously active version active again; returns its number. */
    public int rollback(String name) throws IOException {
        Optional<Integer> current = active(name);
        if (current.isEmpty()) {
            throw new InvalidInputException("model '" + name + "' has no active version to roll back from");
        }
        List<Integer> history = history(name);
        for (int i = history.size() - 1; i >= 0; i--) {
            int v = history.get(i);
            if (v != current.get() && Files.isDirectory(dir(name).resolve(folder(v)))) {
                promote(name, v, "rolled back to from v" + current.get());
                setStatus(name, current.get(), Status.RETIRED, "rolled back");
                return v;
            }
        }
        throw new InvalidInputException("model '" + name + "' has no earlier active version to roll back to");
    }

    /** Marks a candidate rejected, with the reason. */
    public void reject(String name, int v, String reason) throws IOException {
        if (active(name).orElse(-1) == v) {
            throw new InvalidInputException("v" + v + " of '" + name + "' is active; promote another first");
        }
        setStatus(name, v, Status.REJECTED, reason);
    }

    /** Deletes the oldest versions beyond the newest {@code keep}, never the active one. */
    public List<Integer> retain(String name, int keep) throws IOException {
        if (keep < 1) {
            throw new InvalidInputException("retention must keep at least 1 version, got " + keep);
        }
        int activeV = active(name).orElse(-1);
        List<Integer> all = numbers(name);
        List<Integer> deleted = new ArrayList<>();
        for (int i = 0; i < all.size() - keep; i++) {
            int v = all.get(i);
            if (v != activeV) {
                // renamed out of the way first (atomic), then deleted: a kill part-way leaves a hidden
                // leftover that cleanUp() removes, never a half-deleted version
                Path gone = dir(name).resolve(".del-" + UUID.randomUUID());
                Files.move(dir(name).resolve(folder(v)), gone, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(gone);
                deleted.add(v);
            }
        }
        return deleted;
    }

    /** Deletes every version of {@code name} (renamed away first, so a kill leaves nothing half-deleted behind). */
    public void delete(String name) throws IOException {
        Path dir = dir(name);
        if (!Files.isDirectory(dir)) {
            return;
        }
        Path gone = root.resolve(".del-" + name + "-" + UUID.randomUUID());
        Files.move(dir, gone, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(gone);
    }

    /** Removes what a killed process left behind: unfinished versions and half-deleted ones. */
    public void cleanUp() throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".del-")).toList()) {
                    deleteTree(p);
                }
            }
        }
        for (String name : names()) {
            try (Stream<Path> s = Files.list(dir(name))) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".tmp-")
                        || p.getFileName().toString().startsWith(".del-")).toList()) {
                    deleteTree(p);
                }
            }
        }
    }

    /** The active version's number, if any. */
    public Optional<Integer> active(String name) throws IOException {
        Path p = dir(name).resolve(ACTIVE);
        if (!Files.exists(p)) {
            return Optional.empty();
        }
        String text = Files.readString(p, StandardCharsets.UTF_8).trim();
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new DamagedRegistryException(name, p + ": '" + text + "' is not a version number");
        }
    }

    /** Loads a version's model. */
    public SeqAutoencoderModel load(String name, int v) {
        return ModelFile.load(file(name, v));
    }

    /** A version's model file. */
    public Path file(String name, int v) {
        return dir(name).resolve(folder(v)).resolve(MODEL);
    }

    /** Every version of {@code name}, oldest first, with the status the active pointer implies. */
    public List<Version> versions(String name) throws IOException {
        int activeV = active(name).orElse(-1);
        List<Version> out = new ArrayList<>();
        for (int v : numbers(name)) {
            Version m = version(name, v);
            Status s = v == activeV ? Status.ACTIVE : m.status() == Status.ACTIVE ? Status.RETIRED : m.status();
            out.add(new Version(v, s, m.reason(), m.trigger(), m.createdAt(), m.metrics()));
        }
        return out;
    }

    /** One version's manifest (404-style error when there is no such version). */
    public Version version(String name, int v) throws IOException {
        Path dir = dir(name).resolve(folder(v));
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("model '" + name + "' has no version " + v);
        }
        return readManifest(dir, v);
    }

    /** Appends one line (a JSON object) to the name's run log, keeping the last {@value #RUNS_KEPT}; atomic. */
    public void appendRun(String name, String jsonLine) throws IOException {
        if (jsonLine.contains("\n")) {
            throw new IllegalArgumentException("a run is one line");
        }
        Path dir = dir(name);
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("model '" + name + "' has no versions");
        }
        List<String> lines = new ArrayList<>(runLines(name));
        lines.add(jsonLine);
        List<String> kept = lines.subList(Math.max(0, lines.size() - RUNS_KEPT), lines.size());
        byte[] bytes = (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(RUNS), os -> os.write(bytes));
    }

    /** The name's run log, oldest first. */
    public List<String> runLines(String name) throws IOException {
        Path p = dir(name).resolve(RUNS);
        if (!Files.exists(p)) {
            return List.of();
        }
        return Files.readAllLines(p, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    private void setStatus(String name, int v, Status status, String reason) throws IOException {
        Path dir = dir(name).resolve(folder(v));
        Version m = readManifest(dir, v);
        writeManifest(dir, new Version(v, status, reason, m.trigger(), m.createdAt(), m.metrics()));
    }

    private List<Integer> history(String name) throws IOException {
        Path p = dir(name).resolve(HISTORY);
        if (!Files.exists(p)) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(Integer.parseInt(line.trim()));
            }
        }
        return out;
    }

    private List<Integer> numbers(String name) throws IOException {
        Path dir = dir(name);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> VERSION_DIR.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1))).sorted().toList();
        }
    }

    private int next(String name) throws IOException {
        List<Integer> all = numbers(name);
        return all.isEmpty() ? 1 : all.get(all.size() - 1) + 1;
    }

    static String folder(int v) {
        return String.format("v%04d", v);
    }

    private static byte[] join(List<Integer> history) {
        StringBuilder sb = new StringBuilder();
        history.forEach(v -> sb.append(v).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeManifest(Path dir, Version v) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("status", v.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("reason", v.reason());
        m.put("trigger", v.trigger());
        m.put("createdAt", v.createdAt());
        m.put("metrics", v.metrics());
        byte[] bytes = JSON.writeValueAsBytes(m);
        AtomicFiles.write(dir.resolve(MANIFEST), os -> os.write(bytes));
    }

    @SuppressWarnings("unchecked")
    private static Version readManifest(Path dir, int v) throws IOException {
        Map<String, Object> m = JSON.readValue(dir.resolve(MANIFEST).toFile(), Map.class);
        return new Version(v, Status.valueOf(String.valueOf(m.get("status")).toUpperCase(java.util.Locale.ROOT)),
                (String) m.get("reason"), (String) m.get("trigger"), (String) m.get("createdAt"),
                m.get("metrics") == null ? Map.of() : (Map<String, Object>) m.get("metrics"));
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
