package dev.seqae.model;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.anomaly.SequenceScorer;
import dev.seqae.anomaly.Threshold;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.io.AtomicFiles;
import dev.seqae.model.engine.AutoencoderNetwork;
import dev.seqae.model.engine.NetworkShape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model as one self-contained file: a ZIP archive holding {@code seqae/manifest.json} (the
 * {@link ModelState}: config, normaliser, scorer, thresholds, provenance, checksum) and
 * {@code seqae/params.bin} (the weights, float32 little-endian). Writes are atomic: a temporary
 * file in the target directory, flushed to disk, then renamed over the target.
 */
public final class ModelFile {
    static final String MANIFEST = "seqae/manifest.json";
    static final String PARAMS = "seqae/params.bin";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ModelFile() {
    }

    /** Saves atomically; on any failure the previous file at {@code target} is untouched. */
    public static void save(SeqAutoencoderModel model, Path target) throws IOException {
        save(model, target, Map.of());
    }

    /**
     * Saves atomically with further entries beside the manifest and the weights (what a layer above
     * the model keeps with it, e.g. a detection recipe); names must start with {@code seqae/} and
     * not be the manifest's or the weights'.
     */
    public static void save(SeqAutoencoderModel model, Path target, Map<String, byte[]> extra) throws IOException {
        for (String entry : extra.keySet()) {
            if (!entry.startsWith("seqae/") || entry.equals(MANIFEST) || entry.equals(PARAMS)) {
                throw new IllegalArgumentException("not a name for an extra model-file entry: " + entry);
            }
        }
        byte[] params = paramBytes(model);
        ModelState state = state(model, params);
        AtomicFiles.write(target, os -> {
            ZipOutputStream zip = new ZipOutputStream(os);
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writeValueAsBytes(state));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(PARAMS));
            zip.write(params);
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(extra).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /**
     * An extra entry of a model file (see {@link #save(SeqAutoencoderModel, Path, Map)}), or null when
     * the file has none of that name. Only the entry is read: {@link #load} and {@link #readState}
     * check the rest.
     */
    public static byte[] readEntry(Path file, String entry) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(e)) {
                return readAll(in);
            }
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidInputException(file + ": model file not found");
        } catch (ZipException e) {
            throw new InvalidInputException(file + ": not a seqae model file (not a ZIP archive: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read model file: " + e.getMessage(), e);
        }
    }

    /** The manifest a model is saved with (what {@code seqae info} prints), without writing anything. */
    public static ModelState stateOf(SeqAutoencoderModel model) {
        return state(model, paramBytes(model));
    }

    private static ModelState state(SeqAutoencoderModel model, byte[] params) {
        return new ModelState(ModelState.CURRENT_FORMAT, ModelState.ConfigState.of(model.config()),
                model.featureNames(), model.normalizer(), model.scorer().toState(),
                List.copyOf(model.thresholds().values()), List.copyOf(model.pointThresholds().values()),
                model.provenance(), params.length / 4, sha256(params));
    }

    /** Loads a model; a missing, corrupt, foreign or too-new file fails with a clear message. */
    public static SeqAutoencoderModel load(Path file) {
        Contents c = read(file);
        return build(c.state(), c.params(), c.shape());
    }

    /** The manifest only (for {@code seqae info}); checked like {@link #load}, without building the network. */
    public static ModelState readState(Path file) {
        return read(file).state();
    }

    /** A model file's checked contents. */
    private record Contents(String name, ModelState state, byte[] params, NetworkShape shape) {
    }

    private static Contents read(Path file) {
        String name = file.toString();
        ModelState state;
        byte[] params;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry manifest = zip.getEntry(MANIFEST);
            ZipEntry paramEntry = zip.getEntry(PARAMS);
            if (manifest == null || paramEntry == null) {
                throw new InvalidInputException(name + ": not a seqae model file (no " + MANIFEST + ")");
            }
            try (InputStream in = zip.getInputStream(manifest)) {
                state = JSON.readValue(in, ModelState.class);
            }
            try (InputStream in = zip.getInputStream(paramEntry)) {
                params = readAll(in);
            }
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidInputException(name + ": model file not found");
        } catch (ZipException e) {
            throw new InvalidInputException(name + ": not a seqae model file (not a ZIP archive: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InvalidInputException(name + ": cannot read model file: " + e.getMessage(), e);
        }
        return new Contents(name, state, params, check(name, state, params));
    }

    /** Validates a manifest against its parameters; returns the network shape it describes. */
    private static NetworkShape check(String name, ModelState s, byte[] params) {
        if (s.formatVersion() < 1) {
            throw new InvalidInputException(name + ": invalid format version " + s.formatVersion());
        }
        if (s.formatVersion() > ModelState.CURRENT_FORMAT) {
            throw new InvalidInputException(name + ": written by a newer seqae (format " + s.formatVersion()
                    + "); this version reads formats up to " + ModelState.CURRENT_FORMAT);
        }
        if (s.config() == null || s.featureNames() == null || s.normalizer() == null || s.scorer() == null
                || s.thresholds() == null) {
            throw new InvalidInputException(name + ": corrupt model file (manifest incomplete)");
        }
        if (params.length != s.paramCount() * 4 || !sha256(params).equals(s.paramsSha256())) {
            throw new InvalidInputException(name + ": corrupt model file (parameter checksum mismatch)");
        }
        ModelConfig config = s.config().toConfig();
        var shape = config.networkShape(s.featureNames().length);
        if (AutoencoderNetwork.paramCount(shape) != s.paramCount()) {
            throw new InvalidInputException(name + ": corrupt model file (" + s.paramCount()
                    + " parameters, the configuration needs " + AutoencoderNetwork.paramCount(shape) + ")");
        }
        return shape;
    }

    private static SeqAutoencoderModel build(ModelState s, byte[] params, NetworkShape shape) {
        ModelConfig config = s.config().toConfig();
        AutoencoderNetwork net = new AutoencoderNetwork(shape, DataType.FLOAT);
        float[] values = new float[(int) s.paramCount()];
        ByteBuffer.wrap(params).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        net.params().assign(Nd4j.create(values, new long[] {1, values.length}, 'c'));
        return new SeqAutoencoderModel(config, net, s.normalizer(), s.featureNames(),
                SequenceScorer.fromState(s.scorer()), byStrategy(s.thresholds()),
                s.pointThresholds() == null || s.pointThresholds().isEmpty() ? null : byStrategy(s.pointThresholds()),
                s.provenance());
    }

    /** The manifest as JSON text. */
    public static String toJson(ModelState state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<ThresholdStrategy, Threshold> byStrategy(List<Threshold> list) {
        Map<ThresholdStrategy, Threshold> m = new EnumMap<>(ThresholdStrategy.class);
        for (Threshold t : list) {
            m.put(t.strategy(), t);
        }
        return m;
    }

    private static byte[] paramBytes(SeqAutoencoderModel model) {
        float[] v = model.network().params().castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
