package dev.seqae.bench;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.data.SequenceTensors;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.Engine;
import dev.seqae.model.ForwardPath;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import dev.seqae.model.TrainingListener;
import dev.seqae.model.engine.AutoencoderNetwork;
import dev.seqae.model.engine.NetworkShape;
import dev.seqae.model.engine.OpTimings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The benchmark of {@code seqae bench}: the peer benchmark's shape and data (64 sequences a
 * batch, 64 steps, 4 features, LSTM 64 → latent 16 → repeat → LSTM 64, Adam 1e-3, float32),
 * training throughput (median epoch after warm-up), scoring throughput at several batch sizes,
 * a GEMM roof, and peak heap. With {@code bidirectional} both LSTMs run both ways (the peer's
 * {@code --bidirectional} shape). Returns one JSON object; run it, do not time unit tests.
 */
public final class TrainingBenchmark {
    /**
     * Settings.
     *
     * @param batch          sequences per minibatch
     * @param steps          steps per sequence
     * @param features       features per step
     * @param hidden         LSTM size
     * @param latent         latent size
     * @param sequences      training sequences
     * @param epochs         timed epochs
     * @param warmupEpochs   untimed epochs first
     * @param inferBatches   scoring batch sizes
     * @param windowSeconds  length of one scoring measurement window
     * @param seed           data and model seed
     * @param engine         how training computes gradients
     * @param threads        Java threads: training shards per minibatch, concurrent scoring callers,
     *                       concurrent GEMMs for the roof (ND4J's own OpenMP threads come from
     *                       OMP_NUM_THREADS, 1 under the launcher)
     * @param bidirectional  both LSTMs bidirectional ({@code hidden} units per direction)
     */
    public record Settings(int batch, int steps, int features, int hidden, int latent, int sequences, int epochs,
                           int warmupEpochs, int[] inferBatches, double windowSeconds, long seed, Engine engine,
                           int threads, boolean bidirectional) {
        public static Settings reference() {
            return new Settings(64, 64, 4, 64, 16, 4096, 3, 1, new int[] {1, 32, 256}, 1.0, 42, Engine.FAST, 1,
                    false);
        }
    }

    private TrainingBenchmark() {
    }

    public static String runJson(Settings s) {
        try {
            return JsonMapper.builder().build().writeValueAsString(run(s));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> run(Settings s) {
        long wallStart = System.nanoTime();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "lstm_autoencoder");
        out.put("impl", "seqae");
        out.put("engine", s.engine() == Engine.FAST
                ? "nd4j-native, hand-written LSTM forward/backward; scoring on the fused lstmLayer op (oneDNN)"
                : "nd4j-native, SameDiff lstmLayer autodiff (reference); scoring on the fused lstmLayer op (oneDNN)");
        out.put("omp_num_threads_env", System.getenv("OMP_NUM_THREADS"));
        out.put("threads", s.threads());
        out.put("java_vector_api", AutoencoderNetwork.vectorKernels());
        out.put("jvm_available_processors", Runtime.getRuntime().availableProcessors());
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("batch", s.batch());
        cfg.put("timesteps", s.steps());
        cfg.put("features", s.features());
        cfg.put("hidden", s.hidden());
        cfg.put("latent", s.latent());
        cfg.put("bidirectional", s.bidirectional());
        cfg.put("sequences", s.sequences());
        cfg.put("epochs", s.epochs());
        cfg.put("warmup_epochs", s.warmupEpochs());
        cfg.put("scoring_window_s", s.windowSeconds());
        cfg.put("scoring_warmup_windows", SCORING_WARMUP_WINDOWS);
        cfg.put("lr", 1e-3);
        cfg.put("seed", s.seed());
        cfg.put("dtype", "float32");
        out.put("config", cfg);

        List<float[][]> data = SyntheticGenerator.normal(s.sequences(), s.steps(), s.features(), s.seed());
        ModelConfig config = ModelConfig.defaults()
                .withLayers(new int[] {s.hidden()}, s.latent(), new int[] {s.hidden()})
                .withTraining(1e-3, s.batch(), s.warmupEpochs() + s.epochs(), 0, 0.0, s.seed())
                .withEngine(s.engine())
                .withBidirectional(s.bidirectional());
        cfg.put("parameters", AutoencoderNetwork.paramCount(config.networkShape(s.features())));
        List<Double> seconds = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        TrainingListener timing = st -> {
            seconds.add(s.sequences() / st.sequencesPerSecond());
            losses.add(st.trainLoss());
        };
        String[] names = new String[s.features()];
        Arrays.setAll(names, i -> "f" + i);
        SeqAutoencoderModel model = new Trainer(config, timing, s.threads()).fit(data, names,
                "bench synthetic");
        List<Double> timed = seconds.subList(s.warmupEpochs(), seconds.size());
        double median = timed.stream().sorted().toList().get(timed.size() / 2);
        double trainSeqPerS = s.sequences() / median;
        Map<String, Object> train = new LinkedHashMap<>();
        train.put("epoch_s", timed);
        train.put("warmup_epoch_s", seconds.subList(0, s.warmupEpochs()));
        train.put("seq_per_s_median", trainSeqPerS);
        train.put("ms_per_step_median", median * 1000 / Math.ceil((double) s.sequences() / s.batch()));
        train.put("loss_epoch_means", losses);
        out.put("train", train);

        Map<String, Object> infer = new LinkedHashMap<>();
        for (int b : s.inferBatches()) {
            infer.put("batch_" + b, scoring(model, data, b, s.windowSeconds(), s.threads()));
        }
        out.put("infer", infer);
        // every forward path at every batch size, in the same sitting: what ForwardPath.AUTO's choice rests on
        Map<String, Object> paths = new LinkedHashMap<>();
        for (int b : s.inferBatches()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (ForwardPath p : ForwardPath.values()) {
                if (p != ForwardPath.AUTO) {
                    row.put(p.name().toLowerCase(java.util.Locale.ROOT), scoring(model, data, b, s.windowSeconds(),
                            s.threads(), false, p).get("seq_per_s_median"));
                }
            }
            row.put("auto_takes", model.forwardPath(b).name().toLowerCase(java.util.Locale.ROOT));
            paths.put("batch_" + b, row);
        }
        out.put("infer_paths", paths);

        double gemm = gemmRoof(1024, 20, s.threads());
        double forwardFlops = forwardFlops(s.steps(), s.features(), s.hidden(), s.latent(), s.bidirectional());
        Map<String, Object> achieved = new LinkedHashMap<>();
        achieved.put("gemm_1024_gflops_median", gemm);
        achieved.put("forward_flops_per_seq", forwardFlops);
        double trainGflops = trainSeqPerS * 3 * forwardFlops / 1e9;
        achieved.put("train_gflops", trainGflops);
        achieved.put("train_frac_of_gemm_roof", trainGflops / gemm);
        out.put("achieved", achieved);
        Map<String, Object> profile = new LinkedHashMap<>();
        AutoencoderNetwork net = new AutoencoderNetwork(config.networkShape(s.features()), DataType.FLOAT);
        net.initialize(s.seed());
        profile.put("training_step", OpTimings.trainingStep(net,
                SequenceTensors.batch(data.subList(0, s.batch()), s.features(), false, false, DataType.FLOAT)));
        profile.put("activations", OpTimings.activations());
        out.put("profile", profile);
        out.put("peak_heap_mb", peakHeapMb());
        out.put("wall_s", (System.nanoTime() - wallStart) / 1e9);
        return out;
    }

    /**
     * In-process scoring throughput of a saved model on real data (what {@code bin/bench-service}
     * compares the HTTP service with): {@code model.score} on the first {@code b} sequences, for
     * each batch size {@code b}, from {@code threads} concurrent callers.
     */
    public static Map<String, Object> scoreModel(SeqAutoencoderModel model, List<float[][]> data, int[] batches,
                                                 double windowSeconds, int threads) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "score-model");
        out.put("threads", threads);
        out.put("omp_num_threads_env", System.getenv("OMP_NUM_THREADS"));
        for (int b : batches) {
            if (b > data.size()) {
                throw new IllegalArgumentException("batch " + b + " needs " + b + " sequences, the data has "
                        + data.size());
            }
            out.put("batch_" + b, scoring(model, data, b, windowSeconds, threads, true, ForwardPath.AUTO));
        }
        return out;
    }

    private static Map<String, Object> scoring(SeqAutoencoderModel model, List<float[][]> data, int batch,
                                               double windowSeconds, int threads) {
        return scoring(model, data, batch, windowSeconds, threads, false, ForwardPath.AUTO);
    }

    /** {@code score}: {@code model.score} (the default path); else {@code model.reconstruct} on {@code path}. */
    private static Map<String, Object> scoring(SeqAutoencoderModel model, List<float[][]> data, int batch,
                                               double windowSeconds, int threads, boolean score, ForwardPath path) {
        List<float[][]> input = data.subList(0, batch);
        List<Double> warmup = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        Map<String, Object> gc;
        // the same caller threads for every window, as a service's workers are: a thread's scoring
        // buffers are made once, not in every timed window
        try (Callers callers = new Callers(threads)) {
            for (int w = 0; w < SCORING_WARMUP_WINDOWS; w++) {
                warmup.add(callers.sum(() -> runFor(model, input, windowSeconds, score, path)));
            }
            try (GcPauses pauses = GcPauses.start()) {
                for (int w = 0; w < 5; w++) {
                    rates.add(callers.sum(() -> runFor(model, input, windowSeconds, score, path)));
                }
                gc = pauses.summary();
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq_per_s_warmup_windows", warmup);
        m.put("seq_per_s_windows", rates);
        m.put("seq_per_s_median", rates.stream().sorted().toList().get(rates.size() / 2));
        m.put("gc_pauses_in_timed_windows", gc);
        return m;
    }

    /**
     * Untimed scoring windows before the five timed ones, at each batch size and path: the Vector
     * API loops run boxed, many times slower, until C2 has compiled them, which took 3-4 s of
     * scoring here (batch 32: ~2,700 seq/s in the first second, ~4,700 from the fifth). The timed
     * windows measure the steady state a running service sees; the warm-up windows' rates are
     * printed beside them.
     */
    static final int SCORING_WARMUP_WINDOWS = 4;

    private static double runFor(SeqAutoencoderModel model, List<float[][]> input, double seconds, boolean score,
                                 ForwardPath path) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long n = 0;
        do {
            if (score) {
                model.score(input, null);
            } else {
                model.reconstruct(input, false, path);
            }
            n += input.size();
        } while (System.nanoTime() < deadline);
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Multiply-add FLOPs of one sequence's forward pass through the reference network (encoder
     * LSTM, latent layer, repeat decoder LSTM, output layer), counted as the peer benchmark does.
     */
    static double forwardFlops(int steps, int features, int hidden, int latent, boolean bidirectional) {
        int d = bidirectional ? 2 : 1;   // each LSTM runs once per direction; each dense layer reads d·H inputs
        return d * ((double) steps * 8 * hidden * (features + hidden)
                + 2.0 * hidden * latent
                + (double) steps * 8 * hidden * (latent + hidden)
                + (double) steps * 2 * hidden * features);
    }

    /** The sum of {@code task}'s results when run on {@code threads} threads at once. */
    private static double concurrently(int threads, java.util.function.DoubleSupplier task) {
        try (Callers callers = new Callers(threads)) {
            return callers.sum(task);
        }
    }

    /** {@code threads} long-lived threads that run a task at once, each its own copy (the calling thread when 1). */
    private static final class Callers implements AutoCloseable {
        private final int threads;
        private final java.util.concurrent.ExecutorService pool;

        Callers(int threads) {
            this.threads = threads;
            this.pool = threads == 1 ? null : java.util.concurrent.Executors.newFixedThreadPool(threads);
        }

        /** The sum of {@code task}'s results on every thread at once. */
        double sum(java.util.function.DoubleSupplier task) {
            if (pool == null) {
                return task.getAsDouble();
            }
            try {
                List<java.util.concurrent.Future<Double>> parts = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    parts.add(pool.submit(task::getAsDouble));
                }
                double sum = 0;
                for (var f : parts) {
                    sum += f.get();
                }
                return sum;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** GFLOP/s of n x n float GEMMs, median of {@code reps}, summed over {@code threads} concurrent callers. */
    private static double gemmRoof(int n, int reps, int threads) {
        return concurrently(threads, () -> gemmRoof(n, reps));
    }

    private static double gemmRoof(int n, int reps) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        for (int i = 0; i < 3; i++) {
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
        }
        double[] g = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            g[i] = 2.0 * n * n * n / ((System.nanoTime() - t) / 1e9) / 1e9;
        }
        Arrays.sort(g);
        return g[reps / 2];
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1048576.0;
    }
}
