package dev.seqae.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.live.LiveEvent;
import dev.seqae.live.LiveSettings;
import dev.seqae.live.LiveStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the stream store guarantees, whatever the database: {@link StreamStoreTest} runs it on an
 * H2 file database, {@link PostgresStreamStoreTest} on PostgreSQL.
 */
abstract class StreamStoreContract {
    StreamStore store;
    AlertStore alerts;

    /** An empty database. */
    abstract DataSource emptyDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        DataSource ds = emptyDatabase();
        new RecordStore(ds).migrate();
        store = new StreamStore(ds);
        alerts = new AlertStore(ds);
    }

    private static final LiveSettings SETTINGS = new LiveSettings(1, 3, null, 0, null, 1, 2);

    /** A stream over windows of one point fed {@code scores}; what a request would commit. */
    private record Batch(LiveStream.State state, List<StreamStore.PointRow> points, List<StreamStore.ScoreRow> scores,
                         List<LiveEvent> events) {
    }

    private static Batch feed(LiveStream s, double... scores) {
        List<StreamStore.PointRow> points = new ArrayList<>();
        List<StreamStore.ScoreRow> rows = new ArrayList<>();
        List<LiveEvent> events = new ArrayList<>();
        for (double x : scores) {
            long i = s.points();
            String ts = Long.toString(1000 + 60 * i);
            LiveStream.Offer o = s.offer(ts, new float[] {(float) x, -0.1f}, "p");
            points.add(new StreamStore.PointRow(o.index(), ts, 1000 + 60 * i, new float[] {(float) x, -0.1f}));
            LiveStream.Update u = s.apply(o.window(), new double[] {x}, new float[][] {{(float) x, 0.5f}});
            u.points().forEach(p -> rows.add(StreamStore.ScoreRow.of(p)));
            events.addAll(u.events());
        }
        return new Batch(s.state(), points, rows, events);
    }

    private static LiveStream stream() {
        return new LiveStream(1, new String[] {"a", "b"}, SETTINGS, 2.0, AnomalyConfig.defaults());
    }

    @Test
    void aStreamsStateRoundTripsExactlyAndCommitsOnlyOverTheVersionTheyCameFrom() {
        LiveStream live = stream();
        assertTrue(store.create("cpu", "m1", SETTINGS, live.state()));
        assertFalse(store.create("cpu", "m2", SETTINGS, live.state()), "a second create changes nothing");
        assertEquals("m1", store.get("cpu").orElseThrow().model());
        assertEquals(1, store.count());

        Batch first = feed(live, 0.5, 3, 4, 0.1, 0.1, 0.1);
        assertTrue(store.commit("cpu", 0, first.state(), first.points(), first.scores(), first.events()));
        assertEquals(2, first.events().size(), "opened and closed");
        // a writer still at version 0 is refused, and writes nothing
        Batch stale = feed(stream(), 9, 9);
        assertFalse(store.commit("cpu", 0, stale.state(), stale.points(), stale.scores(), stale.events()));

        StreamStore.Stream back = store.get("cpu").orElseThrow();
        assertEquals(1, back.version());
        assertEquals(6, back.points());
        assertEquals(2, back.events());
        assertEquals(SETTINGS, back.settings());
        // the restored stream continues exactly as the one that never stopped
        LiveStream restored = LiveStream.restore(1, new String[] {"a", "b"}, back.settings(), 2.0,
                AnomalyConfig.defaults(), back.state());
        Batch next = feed(restored, 5, 5, 0, 0);
        Batch same = feed(live, 5, 5, 0, 0);
        assertEquals(same.scores(), next.scores());
        assertEquals(same.events(), next.events());
        assertTrue(store.commit("cpu", 1, next.state(), next.points(), next.scores(), next.events()));

        List<StreamStore.EventRow> events = store.events("cpu", 0, 100);
        assertEquals(List.of(1L, 2L, 3L, 4L), events.stream().map(StreamStore.EventRow::seq).toList());
        assertEquals(first.events().get(1), events.get(1).event(), "an event reads back as it was");
        assertEquals(List.of(3L, 4L), store.events("cpu", 2, 100).stream().map(StreamStore.EventRow::seq).toList());
        assertEquals(List.of(3L, 4L), store.recentEvents("cpu", 2).stream().map(StreamStore.EventRow::seq).toList());

        List<StreamStore.PointView> recent = store.recentPoints("cpu", 3);
        assertEquals(List.of(7L, 8L, 9L), recent.stream().map(StreamStore.PointView::index).toList());
        assertArrayEquals(new float[] {0f, -0.1f}, recent.get(2).values());
        assertEquals(0.0, recent.get(2).score().score());
        assertEquals(3L, store.pointAt("cpu", 1000 + 60 * 3).orElseThrow());
        assertTrue(store.pointAt("cpu", 1001).isEmpty());
    }

    @Test
    void ofTwoWritersFromOneVersionExactlyOneCommits() throws Exception {
        assertTrue(store.create("disk", "m", SETTINGS, stream().state()));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Boolean>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                Batch b = feed(stream(), 1, 2, 3);
                writers.add(() -> store.commit("disk", 0, b.state(), b.points(), b.scores(), b.events()));
            }
            int won = 0;
            for (Future<Boolean> f : pool.invokeAll(writers)) {
                won += f.get() ? 1 : 0;
            }
            assertEquals(1, won);
            assertEquals(3, store.get("disk").orElseThrow().points());
            assertEquals(3, store.recentPoints("disk", 10).size(), "the loser's points are not there");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deletingAStreamRemovesItAllAndRetentionKeepsTheNewestPoints() {
        LiveStream live = stream();
        assertTrue(store.create("net", "m", SETTINGS, live.state()));
        Batch b = feed(live, 1, 5, 5, 0, 0, 1, 1, 1);
        assertTrue(store.commit("net", 0, b.state(), b.points(), b.scores(), b.events()));
        assertEquals(2 * (8 - 3), store.retainNewest(3), "points and scores past the newest 3");
        assertEquals(List.of(5L, 6L, 7L), store.recentPoints("net", 10).stream().map(StreamStore.PointView::index)
                .toList());
        assertEquals(2, store.events("net", 0, 10).size(), "events are kept");
        assertTrue(store.delete("net"));
        assertTrue(store.get("net").isEmpty());
        assertTrue(store.events("net", 0, 10).isEmpty());
        assertTrue(store.recentPoints("net", 10).isEmpty());
        assertFalse(store.delete("net"));
        assertTrue(store.create("net", "m", SETTINGS, stream().state()), "the name is free again");
        assertNull(store.get("net").orElseThrow().state().run());
    }

    /**
     * The alert outbox: a commit's events become pending deliveries to the webhooks routed, in the
     * same transaction (a refused commit makes none); one delivery per webhook and stream is due at
     * a time, the oldest, however long its retry waits; delete removes them.
     */
    @Test
    void eventsBecomeDeliveriesDueInOrderPerWebhookAndStream() {
        java.time.Instant now = java.time.Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        LiveStream a = stream();
        LiveStream b = stream();
        assertTrue(store.create("a", "m", SETTINGS, a.state()));
        assertTrue(store.create("b", "m", SETTINGS, b.state()));
        Batch ba = feed(a, 0.5, 3, 4, 0.1, 0.1, 0.1, 5, 0, 0);
        assertEquals(4, ba.events().size());
        java.util.function.Function<LiveEvent, List<String>> both = e -> e.kind() == LiveEvent.Kind.OPENED
                ? List.of("pager", "ops") : List.of("pager");
        assertTrue(store.commit("a", 0, ba.state(), ba.points(), ba.scores(), ba.events(), both));
        Batch stale = feed(stream(), 9, 9, 0, 0);
        assertFalse(store.commit("a", 0, stale.state(), stale.points(), stale.scores(), stale.events(), both));
        Batch bb = feed(b, 3, 0, 0);
        assertTrue(store.commit("b", 0, bb.state(), bb.points(), bb.scores(), bb.events(), both));
        assertEquals(6 + 3, alerts.counts().get(dev.seqae.alerts.AlertDispatcher.Status.PENDING),
                "4 events to pager, the 2 openings also to ops; b's 2 events, its opening twice");

        List<dev.seqae.alerts.AlertDispatcher.Due> due = alerts.due(now, 100);
        assertEquals(List.of("a pager 1", "a ops 1", "b pager 1", "b ops 1"), due.stream()
                .map(d -> d.stream() + " " + d.webhook() + " " + d.seq()).toList(), "the oldest of each pair");
        dev.seqae.alerts.AlertDispatcher.Due first = due.get(0);
        assertEquals("m", first.model());
        assertEquals(ba.events().get(0), first.event());
        // a's first delivery to pager fails and waits: nothing of a's reaches pager meanwhile
        alerts.record(new dev.seqae.alerts.AlertDispatcher.Attempt(first.id(), "pager",
                dev.seqae.alerts.AlertDispatcher.Status.PENDING, 1, 503, "answered 503", now, now.plusSeconds(60)));
        assertEquals(List.of("a ops 1", "b pager 1", "b ops 1"), alerts.due(now, 100).stream()
                .map(d -> d.stream() + " " + d.webhook() + " " + d.seq()).toList());
        assertFalse(alerts.nextDue().orElseThrow().isAfter(now), "b's are due now");
        for (dev.seqae.alerts.AlertDispatcher.Due d : alerts.due(now, 100)) {
            alerts.record(new dev.seqae.alerts.AlertDispatcher.Attempt(d.id(), d.webhook(),
                    dev.seqae.alerts.AlertDispatcher.Status.DELIVERED, 1, 200, null, now, null));
        }
        List<dev.seqae.alerts.AlertDispatcher.Due> next = alerts.due(now, 100);
        assertEquals(List.of("a ops 3", "b pager 2"), next.stream()
                .map(d -> d.stream() + " " + d.webhook() + " " + d.seq()).toList(), "the next of each pair");
        alerts.record(new dev.seqae.alerts.AlertDispatcher.Attempt(next.get(0).id(), "ops",
                dev.seqae.alerts.AlertDispatcher.Status.DELIVERED, 1, 204, null, now, null));
        alerts.record(new dev.seqae.alerts.AlertDispatcher.Attempt(next.get(1).id(), "pager",
                dev.seqae.alerts.AlertDispatcher.Status.FAILED, 10, null, "connection refused", now, null));
        assertTrue(alerts.due(now, 100).isEmpty());
        assertEquals(now.plusSeconds(60), alerts.nextDue().orElseThrow(), "a's retry");
        assertEquals(List.of(first.id()), alerts.due(now.plusSeconds(61), 100).stream()
                .map(dev.seqae.alerts.AlertDispatcher.Due::id).toList());

        List<AlertStore.Delivery> record = alerts.list("a", "pager", null, 10);
        assertEquals(4, record.size());
        AlertStore.Delivery head = record.get(3);
        assertEquals(1, head.seq());
        assertEquals(dev.seqae.alerts.AlertDispatcher.Status.PENDING, head.status());
        assertEquals(503, head.lastCode());
        assertEquals(now.plusSeconds(60), head.nextAt());
        AlertStore.Delivery failed = alerts.list("b", null, dev.seqae.alerts.AlertDispatcher.Status.FAILED, 10).get(0);
        assertNull(failed.lastCode());
        assertEquals("connection refused", failed.lastError());
        assertEquals(LiveEvent.Kind.CLOSED, failed.kind());
        assertTrue(store.openAnomalies().isEmpty(), "a and b ended closed");
        LiveStream c = stream();
        assertTrue(store.create("c", "m2", SETTINGS, c.state()));
        Batch bc = feed(c, 0.1, 5);
        assertTrue(store.commit("c", 0, bc.state(), bc.points(), bc.scores(), bc.events()));
        assertEquals(java.util.Map.of("c", "m2"), store.openAnomalies(), "c has one open");
        assertTrue(store.delete("a"));
        assertTrue(alerts.list("a", null, null, 10).isEmpty(), "a stream's deliveries go with it");
        assertEquals(3, alerts.list(null, null, null, 10).size());
        // d's opening, pending to pager and ops; "ops" removed from the configuration: failed at the next start
        LiveStream d = stream();
        assertTrue(store.create("d", "m", SETTINGS, d.state()));
        Batch bd = feed(d, 0.1, 5);
        assertTrue(store.commit("d", 0, bd.state(), bd.points(), bd.scores(), bd.events(), both));
        assertEquals(0, alerts.failUnconfigured(java.util.Set.of("pager", "ops"), now));
        assertEquals(1, alerts.failUnconfigured(java.util.Set.of("pager"), now));
        AlertStore.Delivery orphan = alerts.list("d", "ops", null, 10).get(0);
        assertEquals(dev.seqae.alerts.AlertDispatcher.Status.FAILED, orphan.status());
        assertEquals("webhook no longer configured", orphan.lastError());
        assertEquals(dev.seqae.alerts.AlertDispatcher.Status.PENDING, alerts.list("d", "pager", null, 10).get(0)
                .status(), "a configured webhook's delivery stays pending");
        assertEquals(1, alerts.failUnconfigured(java.util.Set.of(), now), "no webhook configured: all are failed");
    }
}
