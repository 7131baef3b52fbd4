package dev.seqae.spark;

import dev.seqae.data.Layout;
import dev.seqae.data.Normalizer;
import dev.seqae.data.SequenceChecks;
import dev.seqae.data.Windows;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ShardedGradients;
import dev.seqae.model.TrainingData;
import dev.seqae.model.engine.AutoencoderNetwork;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * Training data spread over a Spark cluster, for data-parallel training of one model
 * ({@link TrainJob}): every training item (a sequence, or a window of one) has its position — its
 * place in the order {@code seqae train} reads the input — and lives in one cached partition
 * ({@code position mod partitions}). Each step the {@link dev.seqae.model.Trainer} names a
 * minibatch's positions; every partition computes the loss and gradient of the ones it holds,
 * in that order, on its own replica of the network (the driver's parameters, sent with the
 * step), and the driver combines the partial results in partition order, weighted by their share
 * of the valid steps, as {@link ShardedGradients} combines its shards — so one partition trains
 * exactly as {@code seqae train} does, and any number of partitions the same model for the same
 * seed, run after run. Partial results are collected, not combined in the cluster: Spark's
 * {@code treeAggregate} adds them in the order they arrive, which changes the rounding from run
 * to run (docs/spark.md gives the cost of that choice).
 */
final class SparkTrainingData implements TrainingData {
    private final JavaRDD<Part> parts;
    private final int size;
    private final int features;
    private final int partitions;
    private final Map<String, String> settings;
    private final String fingerprint;
    private final String run = UUID.randomUUID().toString();
    private int averageEvery;
    private long stepNanos;
    private long computeNanos;
    private long steps;

    /** The items of one partition: positions ascending, with their values. */
    record Part(int index, int[] positions, List<float[][]> items) implements Serializable {
    }

    /** One partition's answer to one step; {@code gradient} unweighted (the mean over its valid steps). */
    record Partial(int index, double loss, long validSteps, float[] gradient, long nanos) implements Serializable {
    }

    /** One partition's parameters (and updater state) after its share of K minibatches; loss summed over its valid values. */
    record Averaged(int index, double lossSum, long validSteps, float[] params, float[] state, long nanos)
            implements Serializable {
    }

    private SparkTrainingData(JavaRDD<Part> parts, int size, int features, int partitions, Map<String, String> settings,
                              String fingerprint) {
        this.parts = parts;
        this.size = size;
        this.features = features;
        this.partitions = partitions;
        this.settings = settings;
        this.fingerprint = fingerprint;
    }

    /**
     * The items of {@code steps} (a window length in {@code config} cuts each sequence into windows,
     * as {@code seqae train} does), spread over {@code partitions} cached partitions.
     */
    static SparkTrainingData of(InputOptions.Steps steps, ModelConfig config, Map<String, String> settings,
                                int partitions) {
        Layout layout = steps.layout();
        String[] names = steps.features();
        int features = names.length;
        int window = config.window();
        int stride = config.stride();
        if (layout == Layout.TIMESERIES && window <= 0) {
            throw new InvalidInputException("--layout timeseries: give the model's window (--set window=N)");
        }
        InputOptions.Reader reader = steps.reader();
        JavaRDD<SequenceRows.Piece> pieces = steps.rows().javaRDD().mapPartitions(rows -> {
            Pieces r = reader.pieces(rows);
            List<SequenceRows.Piece> out = new ArrayList<>();
            while (r.hasNext()) {
                out.add(r.next().checked());
            }
            return out.iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
        // positions: sequences in the order of their first row, each followed by its windows
        List<Tuple2<Long, Integer>> counts = new ArrayList<>(pieces.map(p -> new Tuple2<>(p.first(),
                window > 0 ? Windows.plan("sequence " + p.id(), p.values().length, window, stride).count() : 1))
                .collect());
        if (counts.isEmpty()) {
            throw new InvalidInputException("the input holds no sequences");
        }
        counts.sort((a, b) -> Long.compare(a._1(), b._1()));
        long[] firsts = new long[counts.size()];
        int[] offsets = new int[counts.size()];
        int total = 0;
        for (int i = 0; i < firsts.length; i++) {
            firsts[i] = counts.get(i)._1();
            offsets[i] = total;
            total += counts.get(i)._2();
        }
        JavaPairRDD<Integer, float[][]> items = pieces.flatMapToPair(p -> {
            int offset = offsets[Arrays.binarySearch(firsts, p.first())];
            List<Tuple2<Integer, float[][]>> out = new ArrayList<>();
            if (window > 0) {
                List<float[][]> cut = Windows.plan("sequence " + p.id(), p.values().length, window, stride)
                        .cut(p.values());
                for (int w = 0; w < cut.size(); w++) {
                    out.add(new Tuple2<>(offset + w, cut.get(w)));
                }
            } else {
                out.add(new Tuple2<>(offset, p.values()));
            }
            return out.iterator();
        });
        int n = Math.max(1, Math.min(partitions, total));
        JavaRDD<Part> parts = items.partitionBy(new HashPartitioner(n)).mapPartitionsWithIndex((index, it) -> {
            List<Tuple2<Integer, float[][]>> held = new ArrayList<>();
            it.forEachRemaining(held::add);
            held.sort((a, b) -> Integer.compare(a._1(), b._1()));
            int[] positions = held.stream().mapToInt(Tuple2::_1).toArray();
            List<float[][]> values = held.stream().map(Tuple2::_2).toList();
            SequenceChecks.requireValid(values, features, "training sequence", "expected");
            return List.of(new Part(index, positions, new ArrayList<>(values))).iterator();
        }, true).persist(StorageLevel.MEMORY_AND_DISK());
        // the fingerprint: SHA-256 over the items' own digests in position order
        List<Tuple2<Integer, byte[]>> digests = new ArrayList<>(parts.flatMap(p -> {
            List<Tuple2<Integer, byte[]>> out = new ArrayList<>();
            for (int i = 0; i < p.positions().length; i++) {
                out.add(new Tuple2<>(p.positions()[i], digest(p.items().get(i))));
            }
            return out.iterator();
        }).collect());
        pieces.unpersist();
        digests.sort((a, b) -> Integer.compare(a._1(), b._1()));
        MessageDigest md = sha256();
        for (var d : digests) {
            md.update(d._2());
        }
        return new SparkTrainingData(parts, total, features, n, settings,
                "items:" + HexFormat.of().formatHex(md.digest()));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public List<float[][]> local() {
        return null;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    int partitions() {
        return partitions;
    }

    /**
     * Parameter averaging instead of gradient aggregation: every partition takes {@code k}
     * minibatches' steps on its own (its share of each, with its own copy of the updater's state),
     * then the driver averages the parameters and the updater's state, weighted by the steps'
     * valid values; 0 (the default) combines the gradients at every step.
     */
    SparkTrainingData averagingEvery(int k) {
        averageEvery = k;
        return this;
    }

    @Override
    public Normalizer.Statistics statistics(int[] positions) {
        int f = features;
        List<Tuple2<Integer, Normalizer.Statistics>> partial = new ArrayList<>(parts.map(p -> {
            Normalizer.Statistics s = new Normalizer.Statistics(f);
            for (int i : local(p, positions)) {
                s.add(p.items().get(i));
            }
            return new Tuple2<>(p.index(), s);
        }).collect());
        partial.sort((a, b) -> Integer.compare(a._1(), b._1()));
        Normalizer.Statistics total = partial.get(0)._2();
        for (int i = 1; i < partial.size(); i++) {
            total.merge(partial.get(i)._2());
        }
        return total;
    }

    /** The local indices of {@code positions} that {@code p} holds, in the order of {@code positions}. */
    static int[] local(Part p, int[] positions) {
        int[] out = new int[positions.length];
        int n = 0;
        for (int pos : positions) {
            int i = Arrays.binarySearch(p.positions(), pos);
            if (i >= 0) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Seconds the driver waited on steps, and the part of it the partitions spent computing (the slowest each step). */
    double[] timing() {
        return new double[] {stepNanos / 1e9, computeNanos / 1e9, steps};
    }

    @Override
    public Session start(Normalizer normalizer, AutoencoderNetwork net, ModelConfig config, int threads) {
        String key = run;
        Map<String, String> s = settings;
        return new Session() {
            @Override
            public ShardedGradients.Result lossAndGradient(int[] positions, List<float[][]> inputs) {
                long t0 = System.nanoTime();
                float[] params = PartitionReplica.floats(net.params());
                List<Partial> partials = new ArrayList<>(parts.map(p -> PartitionReplica.of(key, p, s, normalizer)
                        .step(params, local(p, positions), p.index())).collect());
                partials.removeIf(x -> x.validSteps() == 0);
                partials.sort((a, b) -> Integer.compare(a.index(), b.index()));
                long slowest = partials.stream().mapToLong(Partial::nanos).max().orElse(0);
                ShardedGradients.Result r = combine(partials, net);
                stepNanos += System.nanoTime() - t0;
                computeNanos += slowest;
                steps++;
                return r;
            }

            private final List<int[]> held = new ArrayList<>();
            private final List<int[]> heldClock = new ArrayList<>();

            @Override
            public ShardedGradients.Result step(int[] positions, List<float[][]> inputs, AutoencoderNetwork net,
                                                org.nd4j.linalg.learning.GradientUpdater<?> updater, int iteration,
                                                int epoch) {
                if (averageEvery <= 0) {
                    return Session.super.step(positions, inputs, net, updater, iteration, epoch);
                }
                held.add(positions);
                heldClock.add(new int[] {iteration, epoch});
                return held.size() >= averageEvery ? flush(net, updater) : new ShardedGradients.Result(0, 0);
            }

            @Override
            public ShardedGradients.Result flush(AutoencoderNetwork net, org.nd4j.linalg.learning.GradientUpdater<?> updater) {
                if (held.isEmpty()) {
                    return new ShardedGradients.Result(0, 0);
                }
                long t0 = System.nanoTime();
                float[] params = PartitionReplica.floats(net.params());
                List<String> keys = new ArrayList<>(new java.util.TreeSet<>(updater.getState().keySet()));
                float[] state = UpdaterState.flatten(updater, keys);
                List<int[]> steps = new ArrayList<>(held);
                List<int[]> clock = new ArrayList<>(heldClock);
                held.clear();
                heldClock.clear();
                List<Averaged> parts = new ArrayList<>(SparkTrainingData.this.parts.map(p -> {
                    List<int[]> local = new ArrayList<>(steps.size());
                    for (int[] st : steps) {
                        local.add(local(p, st));
                    }
                    return PartitionReplica.of(key, p, s, normalizer).average(params, state, keys, local, clock, p.index());
                }).collect());
                parts.removeIf(a -> a.validSteps() == 0);
                parts.sort((a, b) -> Integer.compare(a.index(), b.index()));
                long slowest = parts.stream().mapToLong(Averaged::nanos).max().orElse(0);
                ShardedGradients.Result r = UpdaterState.average(parts, net, updater, keys);
                stepNanos += System.nanoTime() - t0;
                computeNanos += slowest;
                SparkTrainingData.this.steps += 1;
                return r;
            }

            @Override
            public double[] squaredErrorSum(int[] positions) {
                float[] params = PartitionReplica.floats(net.params());
                List<double[]> sums = new ArrayList<>(parts.map(p -> {
                    double[] v = PartitionReplica.of(key, p, s, normalizer).errorSum(params, local(p, positions));
                    return new double[] {p.index(), v[0], v[1]};
                }).collect());
                sums.sort((a, b) -> Double.compare(a[0], b[0]));
                double sum = 0;
                double count = 0;
                for (double[] v : sums) {
                    sum += v[1];
                    count += v[2];
                }
                return new double[] {sum, count};
            }

            @Override
            public List<float[][]> squaredErrors(int[] positions) {
                float[] params = PartitionReplica.floats(net.params());
                List<Tuple2<Integer, float[][]>> all = parts.flatMap(p -> {
                    int[] local = local(p, positions);
                    List<float[][]> e = PartitionReplica.of(key, p, s, normalizer).errors(params, local);
                    List<Tuple2<Integer, float[][]>> out = new ArrayList<>();
                    for (int i = 0; i < local.length; i++) {
                        out.add(new Tuple2<>(p.positions()[local[i]], e.get(i)));
                    }
                    return out.iterator();
                }).collect();
                Map<Integer, float[][]> byPosition = new HashMap<>();
                all.forEach(t -> byPosition.put(t._1(), t._2()));
                List<float[][]> out = new ArrayList<>(positions.length);
                for (int p : positions) {
                    out.add(byPosition.get(p));
                }
                return out;
            }

            @Override
            public void close() {
                parts.foreachPartition(it -> PartitionReplica.forget(key));
            }
        };
    }

    /** The partial results combined as {@link ShardedGradients} combines its shards; the gradient into {@code net}. */
    static ShardedGradients.Result combine(List<Partial> partials, AutoencoderNetwork net) {
        if (partials.isEmpty()) {
            throw new IllegalStateException("no partition held any sequence of the minibatch");
        }
        long n = net.grads().length();
        if (partials.size() == 1) {
            Partial p = partials.get(0);
            net.grads().assign(Nd4j.createFromArray(p.gradient()).reshape(1, n));
            return new ShardedGradients.Result(p.loss(), p.validSteps());
        }
        long total = 0;
        for (Partial p : partials) {
            total += p.validSteps();
        }
        var grads = net.grads();
        Partial first = partials.get(0);
        grads.assign(Nd4j.createFromArray(first.gradient()).reshape(1, n)).muli((double) first.validSteps() / total);
        double loss = first.loss() * first.validSteps() / total;
        for (int k = 1; k < partials.size(); k++) {
            Partial p = partials.get(k);
            double w = (double) p.validSteps() / total;
            grads.addi(Nd4j.createFromArray(p.gradient()).reshape(1, n).muli(w));
            loss += p.loss() * w;
        }
        return new ShardedGradients.Result(loss, total);
    }

    private static byte[] digest(float[][] item) {
        MessageDigest md = sha256();
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] step : item) {
            for (float v : step) {
                b.clear();
                md.update(b.putFloat(v).array());
            }
        }
        return md.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
