package dev.seqae.spark;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.recipe.RecipeModels;
import dev.seqae.registry.VersionStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * A model on its way to the executors: the model file's bytes, broadcast once, and loaded at most
 * once per executor JVM (kept by checksum; a few at a time). The file is read on the driver
 * through Hadoop's FileSystem ({@code .seqae} anywhere) or from a registry folder on a local or
 * mounted file system (its active version, or {@code --version}). Executors load it with
 * {@link ModelFile} as {@code seqae} does, so the numbers are the same.
 */
final class ModelBytes implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int CACHED = 4;
    private static final Map<String, Loaded> CACHE = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
            return size() > CACHED;
        }
    };

    /** A model as an executor uses it; {@code recipe} is null for a model trained without one. */
    record Loaded(SeqAutoencoderModel model, RecipeModels.Loaded recipe) {
    }

    private final Broadcast<byte[]> bytes;
    private final String sha256;
    private final String source;

    private ModelBytes(Broadcast<byte[]> bytes, String sha256, String source) {
        this.bytes = bytes;
        this.sha256 = sha256;
        this.source = source;
    }

    /** Reads {@code ref} (a model file, or a registry model folder) on the driver and broadcasts it. */
    static ModelBytes broadcast(SparkSession spark, String ref, Integer version) throws IOException {
        byte[] data = read(spark, ref, version);
        String sha = sha256(data);
        Loaded loaded = load(data, ref); // fails here, once, on the driver when the file is not a model
        synchronized (CACHE) {
            CACHE.put(sha, loaded);     // the driver's get() uses it
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return new ModelBytes(jsc.broadcast(data), sha, ref);
    }

    /** The bytes of the model file {@code ref} names. */
    static byte[] read(SparkSession spark, String ref, Integer version) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(ref);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(p)) {
            throw new InvalidInputException("--model " + ref + ": no such file or folder");
        }
        if (fs.getFileStatus(p).isDirectory()) {
            if (!"file".equals(fs.getScheme())) {
                throw new InvalidInputException("--model " + ref + ": a registry folder must be on a local or mounted "
                        + "file system; give a .seqae file for " + fs.getScheme() + ":");
            }
            Path folder = Path.of(fs.makeQualified(p).toUri());
            VersionStore store = new VersionStore(folder.getParent());
            String name = folder.getFileName().toString();
            int v = version != null ? version : store.active(name).orElseThrow(() -> new InvalidInputException(
                    "--model " + ref + ": not a registry model folder with an active version (no ACTIVE file)"));
            Path file = store.file(name, v);
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("--model " + ref + ": version " + v + " does not exist");
            }
            return Files.readAllBytes(file);
        }
        if (version != null) {
            throw new InvalidInputException("--version: " + ref + " is a model file, not a registry folder");
        }
        try (InputStream in = fs.open(p)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    /** The model, loaded once per JVM. */
    Loaded get() {
        synchronized (CACHE) {
            Loaded l = CACHE.get(sha256);
            if (l == null) {
                l = load(bytes.value(), source);
                CACHE.put(sha256, l);
            }
            return l;
        }
    }

    String source() {
        return source;
    }

    /** Loads a model file's bytes: ModelFile reads files, so they go through a private temporary one. */
    static Loaded load(byte[] data, String source) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("seqae-model-", ".seqae");
            Files.write(tmp, data);
            RecipeModels.Saved saved = RecipeModels.saved(tmp);
            if (saved != null) {
                RecipeModels.Loaded r = RecipeModels.load(tmp, saved);
                return new Loaded(r.trained().model(), r);
            }
            return new Loaded(ModelFile.load(tmp), null);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage().replace(String.valueOf(tmp), source), e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot stage the model file locally: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
