package dev.seqae.model;

import dev.seqae.anomaly.SequenceScorer;
import dev.seqae.anomaly.Threshold;
import dev.seqae.anomaly.ThresholdFitter;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.Corruption;
import dev.seqae.data.Normalizer;
import dev.seqae.data.SequenceBatch;
import dev.seqae.data.SequenceChecks;
import dev.seqae.data.SequenceTensors;
import dev.seqae.data.TimeSeries;
import dev.seqae.data.Windows;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.engine.AutoencoderNetwork;
import dev.seqae.model.engine.NetworkShape;
import dev.seqae.model.engine.SameDiffGradients;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Turns a validated {@link ModelConfig} and training data into an immutable
 * {@link SeqAutoencoderModel}: seeded split into training and held-out validation sequences,
 * normaliser fitted on the training part, minibatch training with early stopping on validation
 * loss (best weights kept), then the scorer and every threshold fitted on the held-out part.
 */
public final class Trainer {
    private final ModelConfig config;
    private final TrainingListener listener;
    private final int threads;

    public Trainer(ModelConfig config, TrainingListener listener) {
        this(config, listener, 1);
    }

    /**
     * A trainer whose minibatch gradients are computed on {@code threads} threads (the fast engine
     * only; see {@link ShardedGradients}). The result depends on the thread count, which is
     * recorded in the model's provenance; the default is one.
     */
    public Trainer(ModelConfig config, TrainingListener listener, int threads) {
        if (threads < 1) {
            throw new InvalidInputException("threads must be >= 1, got " + threads);
        }
        if (threads > 1 && config.engine() == Engine.SAMEDIFF) {
            throw new InvalidInputException("the samediff engine trains on one thread, got threads = " + threads);
        }
        this.config = config;
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.threads = threads;
    }

    /** Trains on a long series: windows of {@code config.window()} at {@code config.stride()}. */
    public SeqAutoencoderModel fit(TimeSeries series, String description) {
        if (config.window() <= 0) {
            throw new InvalidInputException("training on a time series needs a window length (--window)");
        }
        Windows w = Windows.plan(series.source(), series.length(), config.window(), config.stride());
        return fit(w.cut(series.values()), series.featureNames(), description, true);
    }

    /**
     * Trains on separate sequences (lengths may differ). With a window length in the config, the
     * model learns windows cut from each sequence (every {@code config.stride()} steps) instead — a
     * windowed model, which scores and denoises series window by window.
     */
    public SeqAutoencoderModel fit(List<float[][]> sequences, String[] featureNames, String description) {
        if (config.window() > 0) {
            List<float[][]> windows = new ArrayList<>();
            for (int i = 0; i < sequences.size(); i++) {
                windows.addAll(Windows.plan("sequence " + i, sequences.get(i).length, config.window(), config.stride())
                        .cut(sequences.get(i)));
            }
            return fit(windows, featureNames, description + ", windows of " + config.window(), true);
        }
        return fit(sequences, featureNames, description, false);
    }

    /**
     * Prediction heads read a window's inner steps and predict the two around them: every sequence
     * needs at least 3 steps, and (for training, whose minibatches are not grouped by length) all
     * the same length.
     */
    static void requireHeadWindows(List<float[][]> sequences, String what, boolean equalLengths) {
        for (int i = 0; i < sequences.size(); i++) {
            int len = sequences.get(i).length;
            if (len < 3) {
                throw new InvalidInputException(what + " " + i + " has " + len + " steps; a model with prediction "
                        + "heads needs at least 3 (the first and last are predicted from the inner ones)");
            }
            if (equalLengths && len != sequences.get(0).length) {
                throw new InvalidInputException(what + " " + i + " has " + len + " steps, sequence 0 has "
                        + sequences.get(0).length + "; a model with prediction heads trains on windows of one length "
                        + "(give --window)");
            }
        }
    }

    private SeqAutoencoderModel fit(List<float[][]> raw, String[] featureNames, String description,
                                    boolean timeSeries) {
        SequenceChecks.requireValid(raw, featureNames.length, "training sequence", "expected");
        if (config.heads()) {
            requireHeadWindows(raw, "training sequence", true);
        }
        return fit(TrainingData.of(raw, featureNames.length), featureNames, description, timeSeries);
    }

    /**
     * Trains on data wherever it is ({@link TrainingData}); the caller has checked the sequences
     * (lengths, features, finite values). Everything the seed decides is decided here, so the same
     * data trains the same model in one JVM or spread over several (up to the rounding of sums of
     * parts). Denoising needs the data in this JVM.
     *
     * @param timeSeries the sequences are windows of a series: point thresholds are fitted too
     */
    public SeqAutoencoderModel fit(TrainingData data, String[] featureNames, String description, boolean timeSeries) {
        int features = featureNames.length;
        Corruption corruption = config.corruption();
        if (data.local() == null && (corruption.active() || config.engine() == Engine.SAMEDIFF)) {
            throw new InvalidInputException((corruption.active() ? "a denoising model" : "the samediff engine")
                    + " trains on data in one JVM only");
        }
        long started = System.nanoTime();
        int size = data.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        Random random = new Random(config.seed());
        int nVal = config.validationFraction() > 0 ? (int) Math.max(1, Math.round(size * config.validationFraction())) : 0;
        if (!config.fitting().tailValidation()) {
            Collections.shuffle(order, random);
        } else {
            Collections.rotate(order, nVal);    // the last nVal first: they are held out
        }
        if (nVal > 0 && size - nVal < 1) {
            throw new InvalidInputException("need at least 2 sequences to hold some out for validation, got " + size);
        }
        int[] valPos = order.subList(0, nVal).stream().mapToInt(Integer::intValue).toArray();
        int[] trainPos = order.subList(nVal, size).stream().mapToInt(Integer::intValue).toArray();
        // Keras' protocol (tail validation): the scaling is fitted on all the training data before the split
        Normalizer normalizer = config.normalization() == Normalizer.Kind.NONE
                ? new Normalizer.Statistics(features).normalizer(Normalizer.Kind.NONE)
                : data.statistics(config.fitting().tailValidation()
                        ? java.util.stream.IntStream.range(0, size).toArray() : trainPos).normalizer(config.normalization());
        // a denoising autoencoder: inputs corrupted afresh each minibatch (in normalised units, relative to
        // each feature's spread there), targets clean; the validation inputs are corrupted once, so that
        // the validation loss of different epochs compares
        SameDiffGradients reference = null;
        // denoising and the reference engine work on the normalised sequences here
        List<float[][]> normalized = corruption.active() || config.engine() == Engine.SAMEDIFF
                ? data.local().stream().map(normalizer::apply).toList() : null;
        List<float[][]> train = null;
        List<float[][]> val = null;
        Normalizer spread = null;
        List<float[][]> valInputs = null;
        if (corruption.active()) {
            train = LocalData.pick(normalized, trainPos);
            val = LocalData.pick(normalized, valPos);
            spread = Normalizer.fit(Normalizer.Kind.ZSCORE, train, features);
            valInputs = val.isEmpty() ? val : corruption.apply(val, spread, new SplittableRandom(config.seed() + 1));
        }
        SplittableRandom corrupting = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);

        AutoencoderNetwork net = new AutoencoderNetwork(config.networkShape(features), DataType.FLOAT);
        net.initialize(config.seed());
        IUpdater updaterConfig = config.updater().create(config.learningRate());
        long stateSize = updaterConfig.stateSize(net.params().length());
        GradientUpdater<?> updater = updaterConfig.instantiate(
                stateSize > 0 ? Nd4j.create(DataType.FLOAT, 1, stateSize) : null, true);
        if (config.engine() == Engine.SAMEDIFF) {
            reference = new SameDiffGradients(net);
        }
        boolean conditional = config.decoder() == DecoderKind.CONDITIONAL;

        INDArray best = net.params().dup();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epochsRun = 0;
        int iteration = 0;
        List<Double> trainHistory = new ArrayList<>();
        List<Double> valHistory = new ArrayList<>();
        List<Double> speeds = new ArrayList<>();
        List<Integer> trainOrder = new ArrayList<>();
        for (int i = 0; i < trainPos.length; i++) {
            trainOrder.add(i);
        }
        TrainingData.Session session = data.start(normalizer, net, config, threads);
        try {
            epochs:
            for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
                long epochStart = System.nanoTime();
                Collections.shuffle(trainOrder, random);
                double lossSum = 0;
                long lossSteps = 0;
                for (int from = 0; from < trainPos.length; from += config.batchSize()) {
                    if (listener.cancelled()) {
                        break epochs;
                    }
                    int to = Math.min(trainPos.length, from + config.batchSize());
                    int[] positions = new int[to - from];
                    for (int i = from; i < to; i++) {
                        positions[i - from] = trainPos[trainOrder.get(i)];
                    }
                    List<float[][]> inputs = null;
                    if (corruption.active()) {
                        List<float[][]> chunk = new ArrayList<>(to - from);
                        for (int i = from; i < to; i++) {
                            chunk.add(train.get(trainOrder.get(i)));
                        }
                        inputs = corruption.apply(chunk, spread, corrupting);
                    }
                    double loss;
                    long validSteps;
                    if (reference != null) {
                        SequenceBatch batch = SequenceTensors.batch(LocalData.pick(normalized, positions), inputs,
                                features, config.reversed(), conditional, DataType.FLOAT);
                        loss = reference.lossAndGradient(batch, config.l2());
                        validSteps = batch.validSteps();
                    } else {
                        var result = session.step(positions, inputs, net, updater, iteration++, epoch - 1);
                        loss = result.loss();
                        validSteps = result.validSteps();
                    }
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("training diverged (loss " + loss + " at epoch " + epoch
                                + "); lower the learning rate");
                    }
                    if (reference != null) {
                        updater.applyUpdater(net.grads(), iteration++, epoch - 1);
                        net.params().subi(net.grads());
                    }
                    lossSum += loss * validSteps;
                    lossSteps += validSteps;
                }
                var held = session.flush(net, updater);
                if (!Double.isFinite(held.loss())) {
                    throw new IllegalStateException("training diverged (loss " + held.loss() + " at epoch " + epoch
                            + "); lower the learning rate");
                }
                lossSum += held.loss() * held.validSteps();
                lossSteps += held.validSteps();
                epochsRun = epoch;
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                double trainLoss = lossSum / lossSteps;
                double valLoss;
                if (valPos.length == 0) {
                    valLoss = Double.NaN;
                } else if (corruption.active()) {
                    valLoss = meanLoss(net, valInputs, val);
                } else {
                    double[] sum = session.squaredErrorSum(valPos);
                    valLoss = sum[0] / sum[1];
                }
                double monitored = valPos.length == 0 ? trainLoss : valLoss;
                boolean improved = bestEpoch == 0
                        || monitored < bestLoss - Math.max(config.fitting().minDelta(), Math.abs(bestLoss) * 1e-4);
                if (improved) {
                    bestLoss = monitored;
                    bestEpoch = epoch;
                    best.assign(net.params());
                }
                trainHistory.add(trainLoss);
                valHistory.add(valLoss);
                speeds.add(trainPos.length / seconds);
                double elapsed = (System.nanoTime() - started) / 1e9;
                listener.onEpoch(new TrainingListener.EpochStats(epoch, config.maxEpochs(), trainLoss, valLoss,
                        trainPos.length / seconds, elapsed, elapsed / epoch * (config.maxEpochs() - epoch), improved));
                if (config.patience() > 0 && epoch - bestEpoch >= config.patience()) {
                    break;
                }
            }
            if (bestEpoch == 0) {
                throw new IllegalStateException("training was cancelled before the first epoch ended");
            }
            if (config.fitting().restoreBest()) {
                net.params().assign(best);
            }
            List<float[][]> errors = session.squaredErrors(valPos.length == 0 ? trainPos : valPos);
            SequenceScorer scorer = SequenceScorer.fit(config.anomaly().score(), errors, features);
            double[] scores = errors.stream().mapToDouble(scorer::score).toArray();
            Map<ThresholdStrategy, Threshold> thresholds = ThresholdFitter.fitAll(scores, config.anomaly());
            Map<ThresholdStrategy, Threshold> pointThresholds = null;
            if (timeSeries) {
                double[] steps = errors.stream().flatMapToDouble(e -> Arrays.stream(scorer.stepScores(e))).toArray();
                pointThresholds = ThresholdFitter.fitAll(steps, config.anomaly());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double medianSpeed = speeds.stream().sorted().toList().get(speeds.size() / 2);
            Provenance provenance = new Provenance(Provenance.now(), description, data.fingerprint(),
                    trainPos.length, valPos.length, config.seed(), epochsRun, bestEpoch, trainHistory.get(bestEpoch - 1),
                    valHistory.get(bestEpoch - 1), trainHistory, valHistory, seconds, medianSpeed,
                    Provenance.currentAppVersion(), Provenance.currentLibraries(), Provenance.currentJava(),
                    Provenance.currentOs(), threads, corruption.active() ? corruption.toString() : null);
            return new SeqAutoencoderModel(config, net, normalizer, featureNames, scorer, thresholds, pointThresholds,
                    provenance);
        } finally {
            session.close();
        }
    }

    /** The sum of the squared reconstruction errors of normalised sequences, and the number of values summed. */
    static double[] squaredErrorSum(AutoencoderNetwork net, List<float[][]> sequences, boolean reversed) {
        double sum = 0;
        long n = 0;
        for (Inference.Result r : Inference.run(net, Inference.Passes.of(net), sequences, reversed,
                Inference.Need.ERRORS)) {
            for (float[] step : r.squaredErrors()) {
                for (float v : step) {
                    sum += v;
                }
                n += step.length;
            }
        }
        return new double[] {sum, n};
    }

    /** Mean squared error of the reconstructions of {@code inputs} against {@code targets} (the same sequences, or clean copies). */
    private double meanLoss(AutoencoderNetwork net, List<float[][]> inputs, List<float[][]> targets) {
        double sum = 0;
        long n = 0;
        if (inputs == targets) {
            double[] total = squaredErrorSum(net, inputs, config.reversed());
            return total[0] / total[1];
        }
        // denoising: a conditional decoder runs free, as it will when it denoises
        List<Inference.Result> results = Inference.run(net, Inference.Passes.of(net), inputs, config.reversed(),
                config.decoder() == DecoderKind.CONDITIONAL);
        for (int i = 0; i < results.size(); i++) {
            float[][] y = results.get(i).reconstruction();
            float[][] x = targets.get(i);
            for (int t = 0; t < x.length; t++) {
                for (int f = 0; f < x[t].length; f++) {
                    double d = y[t][f] - x[t][f];
                    sum += d * d;
                }
                n += x[t].length;
            }
        }
        return sum / n;
    }
}
