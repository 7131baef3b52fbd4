package dev.seqae.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the intake store guarantees, whatever the database: {@link RecordStoreTest} runs it on an
 * H2 file database (the default), {@link PostgresRecordStoreTest} on PostgreSQL.
 */
abstract class RecordStoreContract {
    RecordStore store;

    /** A store on an empty, migrated database. */
    abstract RecordStore emptyStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = emptyStore();
        store.migrate();
    }

    @Test
    void appendsRoundTripExactlyAndDatasetsKeepTheirShape() {
        float[][] a = {{1.5f, -2.25f}, {0.1f, 3.4028235e38f}};
        float[][] b = {{Float.MIN_VALUE, 7f}};
        assertEquals(2, store.append("m", RecordStore.Kind.SEQUENCES, List.of(a, b)));
        List<float[][]> back = store.latest("m", 10);
        assertEquals(2, back.size());
        assertArrayEquals(a[1], back.get(0)[1]);
        assertArrayEquals(b[0], back.get(1)[0]);
        var info = store.info("m").orElseThrow();
        assertEquals(RecordStore.Kind.SEQUENCES, info.kind());
        assertEquals(2, info.features());
        var e = assertThrows(InvalidInputException.class,
                () -> store.append("m", RecordStore.Kind.SEQUENCES, List.<float[][]>of(new float[][] {{1, 2, 3}})));
        assertTrue(e.getMessage().contains("dataset 'm' holds sequences of 2 features; this request has sequences "
                + "of 3 features"), e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> store.append("m", RecordStore.Kind.POINTS, List.<float[][]>of(new float[][] {{1, 2}})));
    }

    @Test
    void aBadRecordRejectsTheWholeBatch() {
        store.append("p", RecordStore.Kind.POINTS, List.<float[][]>of(new float[][] {{1}}));
        var e = assertThrows(InvalidInputException.class, () -> store.append("p", RecordStore.Kind.POINTS,
                List.<float[][]>of(new float[][] {{2}}, new float[][] {{Float.NaN}}, new float[][] {{3}})));
        assertTrue(e.getMessage().contains("points[1][0][0] is NaN"), e.getMessage());
        assertEquals(1, store.info("p").orElseThrow().records(), "nothing of the bad batch was written");
    }

    @Test
    void eightConcurrentWritersLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    store.append("c", RecordStore.Kind.POINTS,
                            List.<float[][]>of(new float[][] {{writer}}, new float[][] {{i}}));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertEquals(8 * 40 * 2, store.info("c").orElseThrow().records());
        assertEquals(8 * 40 * 2, store.latest("c", 10_000).size());
    }

    @Test
    void retentionByRowsAndByAge() {
        for (int i = 0; i < 10; i++) {
            store.append("r", RecordStore.Kind.POINTS, List.<float[][]>of(new float[][] {{i}}));
        }
        assertEquals(6, store.retainNewest("r", 4));
        List<float[][]> left = store.latest("r", 100);
        assertEquals(4, left.size());
        assertEquals(6f, left.get(0)[0][0]);
        assertEquals(0, store.retainNewest("r", 4));
        assertEquals(4, store.retainSince("r", Instant.now().plusSeconds(1)));
        assertEquals(0, store.info("r").orElseThrow().records());
    }

    @Test
    void retentionSettingsApplyToEveryDataset() {
        for (int i = 0; i < 6; i++) {
            store.append("a", RecordStore.Kind.POINTS, List.<float[][]>of(new float[][] {{i}}));
            store.append("b", RecordStore.Kind.SEQUENCES, List.<float[][]>of(new float[][] {{i}, {i}}));
        }
        store.append("c", RecordStore.Kind.POINTS, List.<float[][]>of(new float[][] {{1}}));
        assertEquals(java.util.Map.of("a", 2, "b", 2), store.applyRetention(4L, null, Instant.now()));
        assertEquals(List.of("a", "b", "c"), store.names());
        assertEquals(4, store.latest("b", 100).size());
        assertEquals(2f, store.latest("a", 100).get(0)[0][0], "the newest kept");
        assertEquals(java.util.Map.of(), store.applyRetention(4L, java.time.Duration.ofDays(1), Instant.now()));
        assertEquals(java.util.Map.of("a", 4, "b", 4, "c", 1),
                store.applyRetention(null, java.time.Duration.ofMinutes(1), Instant.now().plusSeconds(120)));
    }
}
