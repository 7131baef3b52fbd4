package dev.seqae.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Where a model came from: saved beside its weights.
 *
 * @param trainedAt           ISO-8601 instant
 * @param dataDescription     what it was trained on (file name, layout, filters)
 * @param dataFingerprint     SHA-256 of the training values (before normalisation)
 * @param trainingSequences   sequences used for gradient steps
 * @param validationSequences sequences held out (early stopping, thresholds)
 * @param seed                the seed of every random choice
 * @param epochsRun           epochs actually run
 * @param bestEpoch           the epoch whose weights were kept
 * @param finalTrainLoss      training loss of the best epoch
 * @param finalValidationLoss validation loss of the best epoch (NaN without validation)
 * @param trainLossHistory    training loss per epoch
 * @param validationLossHistory validation loss per epoch
 * @param trainingSeconds     wall time of training
 * @param sequencesPerSecond  median training throughput over epochs
 * @param appVersion          seqae version
 * @param libraries           library versions (ND4J/DL4J)
 * @param java                Java runtime version
 * @param os                  operating system and architecture
 * @param trainingThreads     threads (minibatch shards) the gradients were computed on; the
 *                            result depends on it (null in model files from before it was
 *                            recorded: one)
 * @param denoising           how the training inputs were corrupted (a denoising autoencoder:
 *                            targets clean), or null for an ordinary one
 */
public record Provenance(String trainedAt, String dataDescription, String dataFingerprint, int trainingSequences,
                         int validationSequences, long seed, int epochsRun, int bestEpoch, double finalTrainLoss,
                         double finalValidationLoss, List<Double> trainLossHistory, List<Double> validationLossHistory,
                         double trainingSeconds, double sequencesPerSecond, String appVersion, String libraries,
                         String java, String os, Integer trainingThreads, String denoising) {

    private static final Properties VERSIONS = loadVersions();

    private static Properties loadVersions() {
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/seqae-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // versions stay "unknown"
        }
        return p;
    }

    /**
     * The training figures a registry manifest records: epochs, best epoch, final losses and the
     * data's description.
     */
    public java.util.Map<String, Object> trainingFigures() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("epochs", epochsRun);
        m.put("best_epoch", bestEpoch);
        m.put("train_loss", finalTrainLoss);
        m.put("validation_loss", finalValidationLoss);
        m.put("data", dataDescription);
        return m;
    }

    /** The seqae version this code was built as. */
    public static String currentAppVersion() {
        return VERSIONS.getProperty("app.version", "unknown");
    }

    static String currentLibraries() {
        return "deeplearning4j/nd4j " + VERSIONS.getProperty("dl4j.version", "unknown");
    }

    static String now() {
        return Instant.now().toString();
    }

    static String currentJava() {
        return System.getProperty("java.vendor") + " " + System.getProperty("java.version");
    }

    static String currentOs() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** SHA-256 over the shapes and values of the sequences, in order. */
    public static String fingerprint(List<float[][]> sequences) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (float[][] s : sequences) {
                buf.clear();
                buf.putInt(s.length).putInt(s.length == 0 ? 0 : s[0].length);
                md.update(buf.array(), 0, 8);
                for (float[] step : s) {
                    for (float v : step) {
                        buf.clear();
                        buf.putFloat(v);
                        md.update(buf.array(), 0, 4);
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
