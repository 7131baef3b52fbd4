package dev.seqae.model;

import dev.seqae.data.SequenceBatch;
import dev.seqae.data.SequenceTensors;
import dev.seqae.model.engine.AutoencoderNetwork;
import dev.seqae.model.engine.Buffers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fast engine's minibatch gradient, computed on {@code threads} threads: the minibatch is
 * split into that many contiguous shards, each shard's loss and gradient is computed on a replica
 * of the network that shares its parameters ({@link AutoencoderNetwork#replica()}), and the
 * gradients are summed into the main network's gradient vector in shard order, each weighted by
 * its share of the minibatch's valid steps — so the result is the gradient of the whole
 * minibatch's mean loss. With one thread this is exactly the unsharded computation. The
 * arithmetic depends on the number of shards, never on scheduling: the same seed and thread count
 * give the same model (the thread count is recorded in the model's provenance).
 *
 * <p>Each shard has its own buffers (one set per sequence shape seen, a few kept) and its own
 * dropout random stream (shard 0 uses the model seed, shard k the seed plus k).
 */
public final class ShardedGradients implements AutoCloseable {
    private static final int BUFFER_SHAPES_KEPT = 8;
    private final List<Shard> shards = new ArrayList<>();
    private final ExecutorService pool;

    /** The loss of a minibatch and the number of valid (unmasked) steps it was averaged over. */
    public record Result(double loss, long validSteps) {
    }

    public ShardedGradients(AutoencoderNetwork net, int threads, double dropout, long seed) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        for (int k = 0; k < threads; k++) {
            shards.add(new Shard(k == 0 ? net : net.replica(), dropout, seed + k));
        }
        if (threads > 1) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "seqae-train-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            pool = null;
        }
    }

    /**
     * Loss and gradient of one minibatch (its sequences in order); the gradient lands in the main
     * network's {@link AutoencoderNetwork#grads()}.
     */
    Result lossAndGradient(List<float[][]> chunk, int features, boolean reversed, boolean conditional, double l2) {
        return lossAndGradient(chunk, null, features, reversed, conditional, l2);
    }

    /** As above, with encoder inputs that differ from the targets ({@code inputs}: null for the chunk itself). */
    public Result lossAndGradient(List<float[][]> chunk, List<float[][]> inputs, int features, boolean reversed,
                           boolean conditional, double l2) {
        int n = Math.min(shards.size(), chunk.size());
        List<Future<Result>> pending = new ArrayList<>();
        for (int k = 1; k < n; k++) {
            Shard shard = shards.get(k);
            List<float[][]> part = part(chunk, k, n);
            List<float[][]> in = inputs == null ? null : part(inputs, k, n);
            pending.add(pool.submit(() -> shard.run(part, in, features, reversed, conditional, l2)));
        }
        Result[] results = new Result[n];
        RuntimeException failure = null;
        try {
            results[0] = shards.get(0).run(part(chunk, 0, n), inputs == null ? null : part(inputs, 0, n), features,
                    reversed, conditional, l2);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int k = 1; k < n; k++) {     // always wait: no shard may still write when we return
            try {
                results[k] = await(pending.get(k - 1));
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (n == 1) {
            return results[0];
        }
        long total = 0;
        for (Result r : results) {
            total += r.validSteps();
        }
        var grads = shards.get(0).net.grads();
        grads.muli((double) results[0].validSteps() / total);
        double loss = results[0].loss() * results[0].validSteps() / total;
        for (int k = 1; k < n; k++) {
            double w = (double) results[k].validSteps() / total;
            grads.addi(shards.get(k).net.grads().muli(w));
            loss += results[k].loss() * w;
        }
        return new Result(loss, total);
    }

    /** Shard {@code k} of {@code n}: contiguous, sizes differing by at most one. */
    private static List<float[][]> part(List<float[][]> chunk, int k, int n) {
        int size = chunk.size();
        return chunk.subList(k * size / n, (k + 1) * size / n);
    }

    private static Result await(Future<Result> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("training shard failed", e.getCause());
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** One replica with its buffers and dropout stream; used by one thread at a time. */
    private static final class Shard {
        final AutoencoderNetwork net;
        final AutoencoderNetwork.Dropout dropout;
        final Map<Long, Buffers> buffers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Buffers> e) {
                return size() > BUFFER_SHAPES_KEPT;
            }
        };

        Shard(AutoencoderNetwork net, double dropoutRate, long seed) {
            this.net = net;
            this.dropout = new AutoencoderNetwork.Dropout(dropoutRate, Nd4j.getRandomFactory().getNewRandomInstance(seed));
        }

        Result run(List<float[][]> part, List<float[][]> inputs, int features, boolean reversed, boolean conditional,
                   double l2) {
            SequenceBatch batch = SequenceTensors.batch(part, inputs, features, reversed, conditional, DataType.FLOAT);
            long key = ((long) batch.steps() << 32) | batch.size();
            Buffers k = buffers.computeIfAbsent(key, x -> net.buffers(batch.steps(), batch.size(), true));
            return new Result(net.lossAndGradient(batch, k, dropout, l2), batch.validSteps());
        }
    }
}
