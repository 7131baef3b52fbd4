package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.InvalidInputException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The heavy pool: a bounded number at once, refusals at once when full, a time limit, bad input stays bad input. */
class HeavyWorkTest {
    @Test
    void aFullPoolRefusesAtOnceWithRetryAfterAndFreesItsSlotsWhenWorkEnds() throws Exception {
        try (HeavyWork heavy = new HeavyWork(1, 1, Duration.ofSeconds(30))) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> heavy.run("first", () -> {
                started.countDown();
                release.await();
                return 1;
            }));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> heavy.run("second", () -> 2));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (heavy.busy() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(2, heavy.busy(), "one running, one waiting");
            ApiException full = assertThrows(ApiException.class, () -> heavy.run("third", () -> 3));
            assertEquals(429, full.status());
            assertTrue(full.getMessage().startsWith("the server is busy: 2 heavy requests"), full.getMessage());
            assertEquals(10, full.retryAfterSeconds(), "the time limit, at most 10 s");
            release.countDown();
            assertEquals(1, running.get(10, TimeUnit.SECONDS));
            assertEquals(2, waiting.get(10, TimeUnit.SECONDS));
            assertEquals(4, heavy.run("fourth", () -> 4), "the slots are free again");
            assertEquals(0, heavy.busy());
        }
    }

    @Test
    void workOverTheTimeLimitIsA503AndIsInterrupted() throws Exception {
        try (HeavyWork heavy = new HeavyWork(1, 0, Duration.ofMillis(200))) {
            CountDownLatch interrupted = new CountDownLatch(1);
            ApiException slow = assertThrows(ApiException.class, () -> heavy.run("the projection", () -> {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return 0;
            }));
            assertEquals(503, slow.status());
            assertEquals("the projection took longer than the server's time limit of 0.2 s: send less data, or fewer "
                    + "iterations", slow.getMessage());
            assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the work was told to stop");
        }
    }

    @Test
    void aWaitingRequestThatTimesOutNeverRunsAndGivesItsSlotBack() throws Exception {
        try (HeavyWork heavy = new HeavyWork(1, 1, Duration.ofMillis(300))) {
            CountDownLatch started = new CountDownLatch(1);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            CompletableFuture<Integer> stubborn = CompletableFuture.supplyAsync(() -> {
                try {
                    return heavy.run("stubborn", () -> {
                        started.countDown();
                        while (System.nanoTime() < until) {   // does not stop when interrupted
                            try {
                                Thread.sleep(10);
                            } catch (InterruptedException ignored) {
                                // keeps going, as a library computation would
                            }
                        }
                        return 1;
                    });
                } catch (ApiException e) {
                    return e.status();
                }
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
            ApiException waited = assertThrows(ApiException.class, () -> heavy.run("queued", () -> {
                ran.set(true);
                return 2;
            }));
            assertEquals(503, waited.status());
            assertEquals(503, stubborn.get(10, TimeUnit.SECONDS), "its answer came at the time limit");
            assertEquals(1, heavy.busy(), "the stubborn one still holds its slot, the queued one gave its back");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (heavy.busy() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, heavy.busy(), "and it gives it back when it ends");
            Thread.sleep(50);
            assertTrue(!ran.get(), "the queued one never ran");
        }
    }

    @Test
    void workThatRunsOutOfMemoryIsA503AndTheServerGoesOn() {
        try (HeavyWork heavy = new HeavyWork(1, 0, Duration.ofSeconds(5))) {
            ApiException e = assertThrows(ApiException.class, () -> heavy.run("the projection", () -> {
                throw new OutOfMemoryError("Failed to allocate memory within limits: totalBytes > maxBytes");
            }));
            assertEquals(503, e.status());
            assertEquals("the projection needs more memory than the server allows one computation: send less data",
                    e.getMessage());
            assertEquals(1, heavy.run("next", () -> 1));
        }
    }

    @Test
    void badInputFoundDuringTheWorkStaysBadInput() {
        try (HeavyWork heavy = new HeavyWork(0, 1, Duration.ofSeconds(5))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> heavy.run("detect", () -> {
                throw new InvalidInputException("stride 9 is longer than the window");
            }));
            assertEquals("stride 9 is longer than the window", e.getMessage());
            assertEquals(0, heavy.busy());
        }
    }

    @Test
    void aPermitIsTakenBeforeTheInputIsReadAndGivenBackWhenNoWorkRan() {
        try (HeavyWork heavy = new HeavyWork(1, 0, Duration.ofSeconds(5))) {
            try (HeavyWork.Permit p = heavy.admit(HeavyWork.ClientWatch.NONE)) {
                assertEquals(1, heavy.busy(), "held while the request's body is parsed");
                ApiException full = assertThrows(ApiException.class, () -> heavy.admit(HeavyWork.ClientWatch.NONE));
                assertEquals(429, full.status(), "a second request is refused before its body is read");
                // the parse fails: the permit closes without running anything
            }
            assertEquals(0, heavy.busy());
            try (HeavyWork.Permit p = heavy.admit(HeavyWork.ClientWatch.NONE)) {
                assertEquals(7, p.run("detect", () -> 7));
                assertThrows(IllegalStateException.class, () -> p.run("again", () -> 8));
            }
            assertEquals(0, heavy.busy(), "the work gave the slot back, closing gives nothing twice");
        }
    }

    @Test
    void whenTheClientGoesAwayTheWorkIsStoppedAndItsSlotFreed() throws Exception {
        try (HeavyWork heavy = new HeavyWork(1, 0, Duration.ofSeconds(60))) {
            CompletableFuture<Runnable> leave = new CompletableFuture<>();
            java.util.concurrent.atomic.AtomicBoolean unwatched = new java.util.concurrent.atomic.AtomicBoolean();
            HeavyWork.ClientWatch watch = onGone -> {
                leave.complete(onGone);
                return () -> unwatched.set(true);
            };
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Integer> answer = CompletableFuture.supplyAsync(() -> {
                try (HeavyWork.Permit p = heavy.admit(watch)) {
                    return p.run("the projection", () -> {
                        started.countDown();
                        while (true) {
                            dev.seqae.errors.Stopped.check("t-SNE");   // as the rounds of t-SNE do
                            Thread.onSpinWait();
                        }
                    });
                } catch (ApiException e) {
                    assertEquals("the projection was stopped: the client closed the connection", e.getMessage());
                    return e.status();
                }
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            leave.get(10, TimeUnit.SECONDS).run();   // the connection closes
            assertEquals(503, answer.get(10, TimeUnit.SECONDS), "long before the 60 s time limit");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (heavy.busy() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, heavy.busy(), "the computation stopped and gave its slot back");
            assertTrue(unwatched.get(), "the watch on the connection is removed when the request ends");
            assertEquals(1, heavy.run("next", () -> 1));
        }
    }
}
