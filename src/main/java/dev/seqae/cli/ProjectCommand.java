package dev.seqae.cli;

import dev.seqae.data.LabeledSequence;
import dev.seqae.data.SequenceSet;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Sequences;
import dev.seqae.projection.LatentView;
import dev.seqae.projection.Neighbours;
import dev.seqae.projection.Projection;
import dev.seqae.projection.Projector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seqae project}: the latent vectors of a data file projected to 2 (or 3) dimensions with
 * PCA or t-SNE; one row per projected sequence: id, label, score, is_anomaly, the latent
 * components and the coordinates. With labels, prints the k-nearest-neighbour label agreement of
 * the projection.
 */
@Command(name = "project", mixinStandardHelpOptions = true,
        description = "Project latent vectors with PCA or t-SNE: id, label, score, is_anomaly, z0..zK, x, y[, z] as CSV "
                + "(or JSON) to --out or stdout; explained variance, sampling and kNN label agreement on stderr.")
final class ProjectCommand implements Callable<Integer> {
    @Mixin
    ModelInput input;

    @Option(names = "--method", description = "pca or tsne (default ${DEFAULT-VALUE})", defaultValue = "pca")
    String method;

    @Option(names = "--dims", description = "2 or 3 (default ${DEFAULT-VALUE})", defaultValue = "2")
    int dims;

    @Option(names = "--perplexity", description = "t-SNE perplexity (default ${DEFAULT-VALUE})", defaultValue = "30")
    double perplexity;

    @Option(names = "--learning-rate", description = "t-SNE learning rate (default ${DEFAULT-VALUE})",
            defaultValue = "200")
    double learningRate;

    @Option(names = "--iterations", description = "t-SNE iterations (default ${DEFAULT-VALUE})", defaultValue = "1000")
    int iterations;

    @Option(names = "--seed", description = "t-SNE seed (initial layout, sample) (default ${DEFAULT-VALUE})",
            defaultValue = "42")
    long seed;

    @Option(names = "--max-points", description = "t-SNE: above this many sequences, project a stratified sample "
            + "of this size (default ${DEFAULT-VALUE})", defaultValue = "2000")
    int maxPoints;

    @Option(names = "--knn", description = "k of the nearest-neighbour label agreement, 0 = off (default "
            + "${DEFAULT-VALUE})", defaultValue = "10")
    int knn;

    @Option(names = "--normal-label", split = ",", description = "labels of normal sequences: also report the "
            + "kNN agreement of normal vs anything else")
    List<String> normalLabels;

    @Option(names = "--format", description = "csv or json (default ${DEFAULT-VALUE})", defaultValue = "csv")
    String format;

    @Override
    public Integer call() throws Exception {
        boolean json = CsvOutput.isJson(format);
        Projector.TsneOptions tsne = method.equalsIgnoreCase("tsne")
                ? new Projector.TsneOptions(perplexity, learningRate, iterations, seed, maxPoints, 50) : null;
        SeqAutoencoderModel m = input.loadModel();
        SequenceSet set = Sequences.of(input.readData(), m);
        LatentView r = LatentView.of(m, set, method, dims, tsne);
        List<float[]> latent = r.latent();
        if (json) {
            CsvOutput.writeJson(input.out, r.document(true));
        } else {
            List<String> header = new ArrayList<>(List.of("id", "label", "score", "is_anomaly"));
            for (int j = 0; j < latent.get(0).length; j++) {
                header.add("z" + j);
            }
            header.addAll(List.of("x", "y", "z").subList(0, dims));
            CsvOutput.write(input.out, header, p -> {
                for (int i = 0; i < r.projection().rows().length; i++) {
                    p.printRecord(row(r, i));
                }
            });
        }
        Projection p = r.projection();
        System.err.printf(Locale.ROOT, "%s of %d latent vectors (%d components) to %d dimensions%s%n",
                p.method(), set.size(), latent.get(0).length, dims,
                p.note() == null ? "" : " — " + p.note());
        if (p.method().equals("pca")) {
            System.err.printf(Locale.ROOT, "explained variance: %s%n", shares(p.explainedVariance()));
        } else {
            System.err.printf(Locale.ROOT, "t-SNE cost (KL divergence) %.4f%n", p.cost());
        }
        if (knn > 0) {
            String[] labels = r.labels();
            if (labels != null && p.rows().length > knn) {
                System.err.printf(Locale.ROOT, "%d-NN label agreement in the projection: %.3f (every class)%n", knn,
                        Neighbours.knnAgreement(p.coordinates(), labels, knn));
                if (normalLabels != null) {
                    String[] binary = new String[labels.length];
                    for (int i = 0; i < labels.length; i++) {
                        binary[i] = normalLabels.contains(labels[i]) ? "normal" : "abnormal";
                    }
                    System.err.printf(Locale.ROOT, "%d-NN label agreement, normal vs abnormal: %.3f%n", knn,
                            Neighbours.knnAgreement(p.coordinates(), binary, knn));
                }
            }
        }
        return 0;
    }

    private static String shares(double[] v) {
        StringBuilder sb = new StringBuilder();
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "PC%d %.1f%%", i + 1, 100 * v[i]));
            sum += v[i];
        }
        return sb.append(String.format(Locale.ROOT, " (together %.1f%%)", 100 * sum)).toString();
    }

    /** One CSV row: id, label, score, is_anomaly, the latent vector, the coordinates. */
    private static List<Object> row(LatentView v, int i) {
        int at = v.projection().rows()[i];
        LabeledSequence s = v.set().sequences().get(at);
        List<Object> row = new ArrayList<>();
        row.add(s.id());
        row.add(s.label() == null ? "" : s.label());
        row.add(CsvOutput.num(v.scores().get(at).score()));
        row.add(v.scores().get(at).anomalous());
        for (float x : v.latent().get(at)) {
            row.add(x);
        }
        for (double c : v.projection().coordinates()[i]) {
            row.add(CsvOutput.num(c));
        }
        return row;
    }
}
