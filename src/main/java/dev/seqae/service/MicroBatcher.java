package dev.seqae.service;

import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.model.SeqAutoencoderModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Groups small scoring requests that arrive together into one batch: a few concurrent callers
 * with one sequence each cost one forward pass of a batch instead of many passes of one, and the
 * cores are not oversubscribed by dozens of concurrent inferences. {@code workers} threads each
 * take the oldest request, add requests for the same model and threshold that are already waiting
 * or arrive within {@code maxDelay} (only while other requests are in flight), up to
 * {@code maxBatch} sequences, score them in one call and hand each caller its part. A request of
 * {@code maxBatch} sequences or more is a batch of its own, but still queued: at most {@code
 * workers} inferences run at once, in arrival order, so large requests cannot starve small ones
 * or oversubscribe the cores. Results are exactly those of scoring each request alone (the model
 * scores every sequence independently). No Micronaut here.
 */
public final class MicroBatcher implements AutoCloseable {
    private record Pending(SeqAutoencoderModel model, ThresholdStrategy strategy, List<float[][]> sequences,
                           CompletableFuture<List<SeqAutoencoderModel.SequenceScore>> result, long queuedAt) {
    }

    /** Told of every batch scored: the requests and sequences in it, and how long each request waited. */
    public interface Observer {
        void batch(int requests, int sequences, long[] waitedNanos);
    }

    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxBatch;
    private final long maxDelayNanos;
    private final List<Thread> workers = new ArrayList<>();
    private final Observer observer;
    private volatile boolean closed;

    /**
     * @param maxBatch     most sequences in one batch (1 = no batching)
     * @param maxDelayMs   how long a worker waits for more requests once it holds one
     * @param workers      batches scored at once (the cores to use)
     */
    public MicroBatcher(int maxBatch, double maxDelayMs, int workers) {
        this(maxBatch, maxDelayMs, workers, null);
    }

    /** As {@link #MicroBatcher(int, double, int)}, telling {@code observer} of every batch (metrics). */
    public MicroBatcher(int maxBatch, double maxDelayMs, int workers, Observer observer) {
        this.observer = observer;
        if (maxBatch < 1 || maxDelayMs < 0 || workers < 1) {
            throw new IllegalArgumentException("maxBatch and workers must be >= 1 and maxDelayMs >= 0, got "
                    + maxBatch + ", " + maxDelayMs + ", " + workers);
        }
        this.maxBatch = maxBatch;
        this.maxDelayNanos = (long) (maxDelayMs * 1e6);
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, "seqae-batcher-" + i);
            t.setDaemon(true);
            t.start();
            this.workers.add(t);
        }
    }

    /**
     * The scores of {@code sequences} (validated by the caller), as {@code model.score} would give
     * them; the calling thread waits for its batch.
     */
    public List<SeqAutoencoderModel.SequenceScore> score(SeqAutoencoderModel model, List<float[][]> sequences,
                                                          ThresholdStrategy strategy) {
        if (maxBatch == 1) {
            return model.score(sequences, strategy);
        }
        try {
            return submit(model, sequences, strategy).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a scoring batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The scores of {@code sequences}, later: the future completes on the worker that scored the
     * batch (what the caller chains to it runs there, before that worker takes its next batch: keep
     * it short). Nobody waits, so a caller on an event loop can hand the answer back without
     * holding a thread per request. Always queued, also with {@code maxBatch} 1.
     */
    public CompletableFuture<List<SeqAutoencoderModel.SequenceScore>> submit(SeqAutoencoderModel model,
                                                                             List<float[][]> sequences,
                                                                             ThresholdStrategy strategy) {
        CompletableFuture<List<SeqAutoencoderModel.SequenceScore>> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("the service is stopping"));
            return f;
        }
        inFlight.incrementAndGet();
        queue.add(new Pending(model, strategy, sequences, f, System.nanoTime()));
        return f;
    }

    private void work() {
        Pending carry = null;
        while (!closed) {
            Pending first;
            try {
                first = carry != null ? carry : queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            carry = null;
            if (first == null) {
                continue;
            }
            List<Pending> group = new ArrayList<>();
            group.add(first);
            int n = first.sequences().size();
            long deadline = System.nanoTime() + maxDelayNanos;
            while (n < maxBatch) {
                Pending p = queue.poll();
                if (p == null) {
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0 || inFlight.get() <= group.size()) {
                        break;          // nobody else is waiting: do not delay this one
                    }
                    try {
                        p = queue.poll(wait, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        break;
                    }
                    if (p == null) {
                        break;
                    }
                }
                if (p.model() == first.model() && p.strategy() == first.strategy()
                        && n + p.sequences().size() <= maxBatch) {
                    group.add(p);
                    n += p.sequences().size();
                } else {
                    carry = p;
                    break;
                }
            }
            run(group, n);
        }
    }

    private void run(List<Pending> group, int n) {
        if (observer != null) {
            long now = System.nanoTime();
            long[] waited = new long[group.size()];
            for (int i = 0; i < waited.length; i++) {
                waited[i] = now - group.get(i).queuedAt();
            }
            observer.batch(group.size(), n, waited);
        }
        try {
            List<float[][]> all = new ArrayList<>(n);
            group.forEach(p -> all.addAll(p.sequences()));
            List<SeqAutoencoderModel.SequenceScore> scores = group.get(0).model().score(all, group.get(0).strategy());
            int at = 0;
            for (Pending p : group) {
                int k = p.sequences().size();
                p.result().complete(List.copyOf(scores.subList(at, at + k)));
                at += k;
            }
        } catch (Throwable t) {
            group.forEach(p -> p.result().completeExceptionally(t));
        } finally {
            inFlight.addAndGet(-group.size());
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(new IllegalStateException("the service is stopping"));
        }
    }
}
