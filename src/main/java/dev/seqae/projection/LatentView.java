package dev.seqae.projection;

import dev.seqae.data.LabeledSequence;
import dev.seqae.data.SequenceSet;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.SeqAutoencoderModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's view of a set of sequences: every sequence's score and latent vector, and a
 * projection of the latent vectors (PCA or t-SNE). What {@code seqae project}, {@code seqae plot
 * latent} and the service's {@code /project} share.
 *
 * @param set        the sequences
 * @param scores     one per sequence
 * @param latent     one per sequence
 * @param projection of the latent vectors (possibly of a sample: {@code projection.rows()})
 */
public record LatentView(SequenceSet set, List<SeqAutoencoderModel.SequenceScore> scores, List<float[]> latent,
                         Projection projection) {

    /** {@code method} checked: "pca" (also for null) or "tsne", any case; else an error that names it. */
    public static String method(String method) {
        String m = method == null ? "pca" : method.toLowerCase(Locale.ROOT);
        if (!m.equals("pca") && !m.equals("tsne")) {
            throw new InvalidInputException("method: '" + method + "' is not one of pca, tsne");
        }
        return m;
    }

    /**
     * Scores and encodes {@code set} with {@code model} and projects the latent vectors with
     * {@code method} ("pca" or "tsne"; t-SNE samples stratified by label and anomaly flag).
     */
    public static LatentView of(SeqAutoencoderModel model, SequenceSet set, String method, int dims,
                                Projector.TsneOptions tsne) {
        String m = method(method);
        var results = model.reconstruct(set.values(), false);
        var scores = model.scoreReconstructions(results, null);
        List<float[]> latent = results.stream().map(SeqAutoencoderModel.Reconstruction::latent).toList();
        double[][] x = new double[latent.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[latent.get(i).length];
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = latent.get(i)[j];
            }
        }
        Projection p;
        if (m.equals("pca")) {
            p = Projector.pca(x, dims);
        } else {
            String[] strata = new String[x.length];
            for (int i = 0; i < x.length; i++) {
                String label = set.sequences().get(i).label();
                strata[i] = (label == null ? "" : label) + "/" + scores.get(i).anomalous();
            }
            p = Projector.tsne(x, dims, tsne == null ? Projector.TsneOptions.defaults() : tsne, strata);
        }
        return new LatentView(set, scores, latent, p);
    }

    /** The labels of the projected rows, or null when the data has none. */
    public String[] labels() {
        int[] rows = projection.rows();
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = set.sequences().get(rows[i]).label();
            if (out[i] == null) {
                return null;
            }
        }
        return out;
    }

    /** Per projected row: "label L" when every sequence has a label and {@code byLabel}, else "normal"/"anomaly". */
    public String[] groups(boolean byLabel) {
        String[] labels = byLabel ? labels() : null;
        int[] rows = projection.rows();
        String[] out = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = labels != null ? "label " + labels[i] : scores.get(rows[i]).anomalous() ? "anomaly" : "normal";
        }
        return out;
    }

    /** One projected sequence: its index in the input, id, label, score, flag, latent vector and coordinates. */
    public record Row(int index, String id, String label, double score, boolean anomalous, float[] latent,
                      double[] coordinates) {
    }

    /** The projected sequences, in the projection's order. */
    public List<Row> rows() {
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < projection.rows().length; i++) {
            int at = projection.rows()[i];
            LabeledSequence s = set.sequences().get(at);
            rows.add(new Row(at, s.id(), s.label(), scores.get(at).score(), scores.get(at).anomalous(),
                    latent.get(at), projection.coordinates()[i]));
        }
        return rows;
    }

    /** The t-SNE cost, or null (PCA has none). */
    public Double cost() {
        return Double.isNaN(projection.cost()) ? null : projection.cost();
    }

    /** The JSON document: method, counts, note, explained variance or cost, one row per projected sequence. */
    public Map<String, Object> document(boolean withLatent) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("method", projection.method());
        doc.put("points", set.size());
        doc.put("projected", projection.rows().length);
        doc.put("note", projection.note());
        doc.put("explained_variance", projection.explainedVariance());
        doc.put("cost", cost());
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (Row row : rows()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", row.index());
            r.put("id", row.id());
            r.put("label", row.label());
            r.put("score", row.score());
            r.put("is_anomaly", row.anomalous());
            if (withLatent) {
                r.put("latent", row.latent());
            }
            r.put("coordinates", row.coordinates());
            rows.add(r);
        }
        doc.put("rows", rows);
        return doc;
    }
}
