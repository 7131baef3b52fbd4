package dev.seqae.intake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Group commit: writes that arrive while one is being written wait in a queue, and whoever
 * writes next writes all that wait, in one transaction — under many concurrent writers the cost
 * of a database commit is shared. Each {@link #submit} still returns only once its own write is
 * durable (or refused, or failed). At most one item per key goes into a group (a second one of a
 * key waits for the next, as it may depend on the first), and a group is handed over in key order,
 * so that two processes sharing a database lock rows in the same order. If a group's transaction
 * fails, each of its items is written again on its own: one item's failure is never another's.
 *
 * @param <T> one write
 */
final class GroupCommit<T> {
    /** Writes a group in one transaction. */
    @FunctionalInterface
    interface Writer<T> {
        /**
         * Writes {@code group} in one transaction (rolled back if this throws).
         *
         * @return per item, whether it was written (false: refused, nothing of it written)
         */
        boolean[] write(List<T> group) throws Exception;
    }

    private final Function<T, String> key;
    private final int maxGroup;
    private final Writer<T> writer;
    private final BiFunction<T, Exception, RuntimeException> failure;
    private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
    private final ReentrantLock writing = new ReentrantLock();

    /**
     * @param key      what at most one item of a group may have, and what orders a group
     * @param maxGroup the most items written in one transaction
     * @param writer   writes a group
     * @param failure  the error an item's caller gets when its write failed with a checked exception
     */
    GroupCommit(Function<T, String> key, int maxGroup, Writer<T> writer,
                BiFunction<T, Exception, RuntimeException> failure) {
        this.key = key;
        this.maxGroup = maxGroup;
        this.writer = writer;
        this.failure = failure;
    }

    /**
     * Writes {@code item} with whatever else waits; returns whether it was written (false when the
     * writer refused it). Throws when its write failed.
     */
    boolean submit(T item) {
        Pending<T> p = new Pending<>(item);
        synchronized (queue) {
            queue.add(p);
        }
        writing.lock();
        try {
            while (!p.done) {
                List<Pending<T>> group = drain();
                if (group.isEmpty()) {
                    // taken by a writer that stopped with an Error: the outcome is unknown
                    p.failure = failure.apply(item, new IllegalStateException("the group it was written with stopped"));
                    p.done = true;
                    break;
                }
                write(group);
            }
        } finally {
            writing.unlock();
        }
        if (p.failure != null) {
            throw p.failure;
        }
        return p.committed;
    }

    /** The items waiting, oldest first, at most one per key and {@code maxGroup}, in key order. */
    private List<Pending<T>> drain() {
        synchronized (queue) {
            List<Pending<T>> group = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            for (Iterator<Pending<T>> it = queue.iterator(); it.hasNext() && group.size() < maxGroup; ) {
                Pending<T> p = it.next();
                if (keys.add(key.apply(p.item))) {
                    group.add(p);
                    it.remove();
                }
            }
            group.sort(Comparator.comparing(p -> key.apply(p.item)));
            return group;
        }
    }

    private void write(List<Pending<T>> group) {
        try {
            boolean[] written = writer.write(group.stream().map(p -> p.item).toList());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).committed = written[i];
                group.get(i).done = true;
            }
        } catch (Exception e) {
            if (group.size() > 1) {
                for (Pending<T> p : group) {
                    write(List.of(p));
                }
                return;
            }
            Pending<T> p = group.get(0);
            p.failure = e instanceof RuntimeException r ? r : failure.apply(p.item, e);
            p.done = true;
        }
    }

    private static final class Pending<T> {
        final T item;
        boolean done;
        boolean committed;
        RuntimeException failure;

        Pending(T item) {
            this.item = item;
        }
    }
}
