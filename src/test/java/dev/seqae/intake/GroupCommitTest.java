package dev.seqae.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The group commit's contract, without a database: groups, order, refusals and one failure not another's. */
class GroupCommitTest {
    /** An item: its key, and whether the writer refuses it or fails its whole transaction. */
    record Item(String key, int n, boolean refuse, boolean poison) {
    }

    @Test
    void concurrentSubmissionsAreGroupedOnePerKeyInKeyOrderAndAFailureStaysWithItsItem() throws Exception {
        List<List<Item>> groups = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<Item> commit = new GroupCommit<>(Item::key, 4, group -> {
            groups.add(group);
            if (groups.size() == 1) {
                firstWriting.countDown();
                release.await();   // the others queue up meanwhile
            }
            if (group.stream().anyMatch(Item::poison)) {
                throw new java.sql.SQLException("constraint violated");
            }
            boolean[] ok = new boolean[group.size()];
            for (int i = 0; i < ok.length; i++) {
                ok[i] = !group.get(i).refuse();
            }
            return ok;
        }, (item, e) -> new IllegalStateException("writing " + item.key() + " failed: " + e.getMessage(), e));

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<Boolean> first = pool.submit(() -> commit.submit(new Item("z", 0, false, false)));
            firstWriting.await();
            List<Item> waiting = List.of(new Item("d", 1, false, false), new Item("c", 2, true, false),
                    new Item("b", 3, false, true), new Item("a", 4, false, false), new Item("a", 5, false, false),
                    new Item("e", 6, false, false));
            List<Future<Boolean>> results = new ArrayList<>();
            for (Item i : waiting) {
                results.add(pool.submit(() -> commit.submit(i)));
            }
            while (pool instanceof java.util.concurrent.ThreadPoolExecutor t && t.getActiveCount() < 7) {
                Thread.sleep(5);
            }
            Thread.sleep(50);     // all six are queued behind the first writer
            release.countDown();
            assertTrue(first.get());
            assertTrue(results.get(0).get(), "d written");
            assertFalse(results.get(1).get(), "c refused");
            var poisoned = assertThrows(java.util.concurrent.ExecutionException.class, () -> results.get(2).get());
            assertEquals("writing b failed: constraint violated", poisoned.getCause().getMessage());
            assertTrue(results.get(3).get(), "the first a written");
            assertTrue(results.get(4).get(), "the second a written, in a later group");
            assertTrue(results.get(5).get(), "e written");
        } finally {
            pool.shutdownNow();
        }
        for (List<Item> g : groups) {
            Set<String> keys = new HashSet<>();
            g.forEach(i -> assertTrue(keys.add(i.key()), "one item per key in " + g));
            assertTrue(g.size() <= 4, "at most 4 in " + g);
            List<String> sorted = g.stream().map(Item::key).sorted().toList();
            assertEquals(sorted, g.stream().map(Item::key).toList(), "key order");
        }
        // the group holding the poisoned item was retried one item at a time
        assertTrue(groups.stream().anyMatch(g -> g.size() == 1 && g.get(0).poison()));
        assertTrue(groups.stream().anyMatch(g -> g.size() > 1), "writes that waited were grouped: " + groups);
    }
}
