package dev.seqae.evaluation;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.recipe.Recipe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a suite's signals: {@code threads} signals at a time (each trained on one thread, so the
 * result of a signal does not depend on the thread count), results in the suite's order, one
 * progress line per finished signal ({@code [k/n]}, its figures, the estimated time left).
 */
public final class SuiteRunner {
    private SuiteRunner() {
    }

    /**
     * How to run: the recipe, the seed, how many signals at once, where progress goes, where
     * finished signals are kept (null: nowhere; see {@link SignalStore}) and where trained models
     * are kept (null: nowhere; see {@link ModelStore}).
     */
    public record Settings(Recipe recipe, long seed, int threads, Consumer<String> progress, SignalStore store,
                           ModelStore models) {
        public Settings {
            if (threads < 1) {
                throw new InvalidInputException("--threads must be >= 1, got " + threads);
            }
        }

        /** Settings that keep finished signals but no models. */
        public Settings(Recipe recipe, long seed, int threads, Consumer<String> progress, SignalStore store) {
            this(recipe, seed, threads, progress, store, null);
        }

        /** Settings that keep nothing on disk. */
        public Settings(Recipe recipe, long seed, int threads, Consumer<String> progress) {
            this(recipe, seed, threads, progress, null, null);
        }
    }

    /**
     * One signal of a suite, not yet read.
     *
     * @param key    unique in the suite (what {@code --only} matches)
     * @param inputs the files it is read from (their fingerprint decides whether a kept result still holds)
     * @param signal reads it
     */
    record Job(String key, List<Path> inputs, Supplier<SeriesEvaluation.Signal> signal) {
    }

    /** Each job reads its signal when it starts, so that only {@code threads} signals are in memory. */
    static List<SignalResult> run(String suite, List<Job> jobs, Settings settings) {
        long started = System.nanoTime();
        int n = jobs.size();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "evaluate-" + suite);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SignalResult>> futures = new ArrayList<>(n);
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    SignalStore store = settings.store();
                    SignalResult kept = store == null ? null : store.find(job);
                    SignalResult r;
                    if (kept != null) {
                        r = kept;
                    } else {
                        SeriesEvaluation.Signal s = job.signal().get();
                        r = SeriesEvaluation.run(s, settings.recipe(), settings.seed(), t0, (run, train) ->
                                settings.models() == null ? train.get()
                                        : settings.models().trainOrLoad(job, run, train));
                        if (store != null) {
                            store.put(job, r);
                        }
                    }
                    int k = done.incrementAndGet();
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    settings.progress().accept(String.format(Locale.ROOT,
                            "[%s %d/%d] %-45s segments F1 %s (TP %d FP %d FN %d), %.1f s%s; ETA %.0f s", suite, k, n,
                            r.category() + "/" + r.signal(), Reports.fmt(r.segments().f1()),
                            r.segments().truePositives(), r.segments().falsePositives(),
                            r.segments().falseNegatives(), r.seconds(), kept != null ? " (kept from an earlier run)" : "",
                            elapsed / k * (n - k)));
                    return r;
                }));
            }
            List<SignalResult> out = new ArrayList<>(n);
            for (Future<SignalResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
