package dev.seqae.bench;

import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.Trainer;
import dev.seqae.model.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one training epoch's time grows with sequence length (hidden 64) and with hidden size
 * (64 steps): a warm-up epoch, then one timed epoch per point, on the benchmark's synthetic data
 * (batch 64, 4 features, latent 16).
 */
public final class ScalingBenchmark {
    private static final int FEATURES = 4;
    private static final int LATENT = 16;

    private ScalingBenchmark() {
    }

    /** One measured point; {@code gflops}: training FLOPs (3x the forward pass's) per second. */
    public record Point(int steps, int hidden, double epochSeconds, double gflops) {
    }

    /** Both series: {@code "steps"} (hidden 64) and {@code "hidden"} (64 steps). */
    public static Map<String, List<Point>> run(int sequences, int[] steps, int[] hidden) {
        Map<String, List<Point>> out = new LinkedHashMap<>();
        List<Point> bySteps = new ArrayList<>();
        for (int t : steps) {
            bySteps.add(measure(sequences, t, 64));
        }
        List<Point> byHidden = new ArrayList<>();
        for (int h : hidden) {
            byHidden.add(measure(sequences, 64, h));
        }
        out.put("steps", bySteps);
        out.put("hidden", byHidden);
        return out;
    }

    /**
     * The PNG figure: epoch time against steps (reference: linear from the first point) and
     * against hidden size (reference: the FLOPs, which grow with H², scaled to the first point).
     */
    public static void plot(Map<String, List<Point>> result, java.io.OutputStream out) throws java.io.IOException {
        List<Point> steps = result.get("steps");
        List<Point> hidden = result.get("hidden");
        LinePlot.writePng(List.of(
                new LinePlot.Panel("Epoch time vs sequence length (hidden 64)", "steps", "seconds",
                        steps.stream().mapToDouble(Point::steps).toArray(),
                        steps.stream().mapToDouble(Point::epochSeconds).toArray(),
                        steps.stream().mapToDouble(p -> steps.get(0).epochSeconds() * p.steps() / steps.get(0).steps())
                                .toArray(), "linear from the first point"),
                new LinePlot.Panel("Epoch time vs hidden size (64 steps)", "hidden size", "seconds",
                        hidden.stream().mapToDouble(Point::hidden).toArray(),
                        hidden.stream().mapToDouble(Point::epochSeconds).toArray(),
                        hidden.stream().mapToDouble(p -> hidden.get(0).epochSeconds() * flops(p) / flops(hidden.get(0)))
                                .toArray(), "the work (FLOPs) from the first point")), out);
    }

    private static double flops(Point p) {
        return TrainingBenchmark.forwardFlops(p.steps(), FEATURES, p.hidden(), LATENT, false);
    }

    private static Point measure(int sequences, int steps, int hidden) {
        List<float[][]> data = SyntheticGenerator.normal(sequences, steps, FEATURES, 42);
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {hidden}, LATENT, new int[] {hidden})
                .withTraining(1e-3, 64, 2, 0, 0.0, 42);
        List<Double> seconds = new ArrayList<>();
        TrainingListener timing = s -> seconds.add(sequences / s.sequencesPerSecond());
        new Trainer(cfg, timing).fit(data, new String[] {"f0", "f1", "f2", "f3"}, "scaling");
        double epoch = seconds.get(1);
        return new Point(steps, hidden, epoch,
                3 * TrainingBenchmark.forwardFlops(steps, FEATURES, hidden, LATENT, false) * sequences / epoch / 1e9);
    }
}
