package dev.seqae.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.seqae.anomaly.AnomalyConfig;
import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.IntervalDetector;
import dev.seqae.anomaly.ThresholdFitter;
import dev.seqae.anomaly.ThresholdStrategy;
import dev.seqae.data.Normalizer;
import dev.seqae.data.SyntheticGenerator;
import dev.seqae.data.TimeSeries;
import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live stream's state machine on scores given by hand (a window of one point, so that every
 * point's score is the one handed in), checked against the batch interval detector; and on a
 * model: point by point equals the replay, and a stream stored and restored mid-way continues
 * exactly.
 */
class LiveStreamTest {
    private static SeqAutoencoderModel model;
    private static float[][] series;

    @BeforeAll
    static void train() {
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {6}, 3, new int[] {6})
                .withTraining(1e-2, 32, 2, 0, 0.2, 11).withData(Normalizer.Kind.ZSCORE, 16, 2);
        model = new Trainer(cfg, null).fit(new TimeSeries("train", null, SyntheticGenerator.series(600, 0, 3).values(),
                new String[] {"v"}), "toy");
        series = SyntheticGenerator.series(500, 3, 9).values();
    }

    /** A stream over windows of one point, fed {@code scores} as they are, with a fixed threshold. */
    private static List<LiveEvent> feed(LiveStream s, double[] scores, List<LiveStream.Scored> out) {
        List<LiveEvent> events = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            LiveStream.Offer o = s.offer(Integer.toString(1000 + i), new float[] {0f}, "point " + i);
            LiveStream.Update u = s.apply(o.window(), new double[] {scores[i]}, new float[][] {{(float) scores[i]}});
            events.addAll(u.events());
            if (out != null) {
                out.addAll(u.points());
            }
        }
        return events;
    }

    private static LiveStream handFed(LiveSettings settings, double threshold) {
        return new LiveStream(1, new String[] {"x"}, settings, threshold, AnomalyConfig.defaults());
    }

    private static double[] randomScores(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.abs(rnd.nextGaussian()) + (rnd.nextInt(40) == 0 ? 4 : 0);
        }
        return x;
    }

    /** The intervals the events describe (each closed one; an open one up to its last point above). */
    private static List<int[]> closed(List<LiveEvent> events) {
        List<int[]> out = new ArrayList<>();
        for (LiveEvent e : events) {
            if (e.kind() == LiveEvent.Kind.CLOSED) {
                out.add(new int[] {(int) e.start(), (int) e.end(), (int) e.peakIndex()});
            }
        }
        return out;
    }

    @Test
    void openingAndClosingOnOnePointGiveTheBatchDetectorsIntervals() {
        double[] scores = randomScores(3000, 5);
        for (int span : new int[] {1, 5}) {
            LiveStream s = handFed(new LiveSettings(1, span, null, 0, null, 1, 1), 1.8);
            List<LiveEvent> events = feed(s, scores, null);
            // the batch detector sees the same smoothed scores; the last interval may still be open live
            List<Interval> batch = new IntervalDetector(span, 0, 1, 0).detect(scores, 1.8);
            List<int[]> live = closed(events);
            if (s.run() != null && s.run().open()) {
                live.add(new int[] {(int) s.run().start(), (int) s.run().lastAbove(), (int) s.run().peakIndex()});
            }
            assertTrue(batch.size() > 5, "enough intervals to compare: " + batch.size());
            assertEquals(batch.size(), live.size(), "span " + span);
            for (int i = 0; i < batch.size(); i++) {
                assertArrayEquals(new int[] {batch.get(i).start(), batch.get(i).end(), batch.get(i).peakIndex()},
                        live.get(i), "span " + span + ", interval " + i);
            }
        }
    }

    @Test
    void anAnomalyOpensAfterEnoughPointsAboveAndClosesAfterEnoughBelow() {
        double[] x = {0, 0, 5, 0, 5, 5, 0, 0, 5, 0, 0, 0, 0};
        List<LiveStream.Scored> points = new ArrayList<>();
        List<LiveEvent> events = feed(handFed(new LiveSettings(1, 1, null, 0, null, 2, 3), 1), x, points);
        // a single point above (2) does not open; 4-5 open at 5; 6-7 below, 8 above again (the gap is
        // shorter than 3); 9-11 below close it at 11, ending at 8
        assertEquals(2, events.size(), events.toString());
        LiveEvent open = events.get(0);
        assertEquals(LiveEvent.Kind.OPENED, open.kind());
        assertEquals(4, open.start());
        assertEquals(5, open.at());
        assertEquals("1004", open.startTimestamp());
        LiveEvent close = events.get(1);
        assertEquals(LiveEvent.Kind.CLOSED, close.kind());
        assertEquals(4, close.start());
        assertEquals(8, close.end());
        assertEquals("1008", close.endTimestamp());
        assertEquals(11, close.at());
        assertEquals(5.0, close.peak());
        assertTrue(points.get(7).open() && !points.get(11).open(), "open until the closing point");
    }

    @Test
    void aRollingThresholdIsRefittedOnThePastScoresOnly() {
        double[] x = randomScores(400, 8);
        List<LiveStream.Scored> points = new ArrayList<>();
        LiveSettings settings = new LiveSettings(1, 1, ThresholdStrategy.MEAN_K_SIGMA, 100, 25, 1, 1);
        feed(handFed(settings, 99), x, points);
        assertEquals(99, points.get(49).threshold(), "the model's until half the window is there");
        for (int p : new int[] {50, 75, 100, 225, 399}) {
            int refitAt = p - p % 25;
            double[] past = java.util.Arrays.copyOfRange(x, Math.max(0, refitAt - 100), refitAt);
            double expected = ThresholdFitter.fit(ThresholdStrategy.MEAN_K_SIGMA, past, AnomalyConfig.defaults())
                    .value();
            assertEquals(expected, points.get(p).threshold(), 1e-12, "point " + p);
        }
    }

    @Test
    void pointByPointEqualsTheReplayAndARestoredStreamContinuesExactly() throws Exception {
        LiveSettings settings = new LiveSettings(2, 4, null, 0, null, 1, 3);
        // windows scored one at a time, as below; and 256 at a time, which differs in float rounding only
        LiveDetection.Replay replay = LiveDetection.replay(model, "s", null, series, settings, 1);
        LiveDetection.Replay batched = LiveDetection.replay(model, "s", null, series, settings, 256);
        assertTrue(replay.events().size() >= 2, "the injected anomalies make events: " + replay.events());
        assertEquals(replay.points().size(), batched.points().size());
        for (int i = 0; i < replay.points().size(); i++) {
            assertEquals(replay.points().get(i).smoothed(), batched.points().get(i).smoothed(),
                    1e-5 * Math.max(1, replay.points().get(i).smoothed()), "point " + i);
            assertEquals(replay.points().get(i).open(), batched.points().get(i).open(), "point " + i);
        }
        assertEquals(closed(replay.events()).stream().map(java.util.Arrays::toString).toList(),
                closed(batched.events()).stream().map(java.util.Arrays::toString).toList());

        JsonMapper json = JsonMapper.builder().build();
        LiveStream live = LiveDetection.stream(model, settings);
        List<LiveStream.Scored> points = new ArrayList<>();
        List<LiveEvent> events = new ArrayList<>();
        for (int i = 0; i < series.length; i++) {
            if (i == 237) {
                // stored and restored, through JSON as the service stores it
                String stored = json.writeValueAsString(live.state());
                live = LiveDetection.restore(model, settings, json.readValue(stored, LiveStream.State.class));
            }
            LiveStream.Offer o = live.offer(Integer.toString(i), series[i], "point " + i);
            if (o.window() != null) {
                LiveDetection.WindowScores ws = LiveDetection.score(model, List.of(o.window())).get(0);
                LiveStream.Update u = live.apply(o.window(), ws.stepScores(), ws.squaredErrors());
                points.addAll(u.points());
                events.addAll(u.events());
            }
        }
        assertEquals(replay.points().size(), points.size());
        for (int i = 0; i < points.size(); i++) {
            assertEquals(replay.points().get(i), points.get(i), "point " + i);
        }
        assertEquals(replay.events(), events);
        // stride 2: the last point is scored only when a window ends at it
        assertEquals(series.length - (series.length - 16) % 2, points.size());
    }

    @Test
    void duplicatesAreIgnoredOlderPointsAndBadValuesRefused() {
        LiveStream s = LiveDetection.stream(model, LiveSettings.defaults());
        assertEquals(LiveStream.Offer.Status.ACCEPTED, s.offer("2024-01-01 00:00:00", new float[] {1}, "p").status());
        assertEquals(LiveStream.Offer.Status.ACCEPTED, s.offer("2024-01-01T00:00:00.5", new float[] {1}, "p").status());
        LiveStream.Offer dup = s.offer("2024-01-01T00:00:00Z", new float[] {2}, "p");
        assertEquals(LiveStream.Offer.Status.DUPLICATE, dup.status());
        assertEquals(0, dup.index());
        assertEquals(LiveStream.Offer.Status.OLDER, s.offer("2023-12-31", new float[] {1}, "p").status());
        assertEquals(2, s.points());
        var nan = assertThrows(InvalidInputException.class, () -> s.offer("2024-01-02", new float[] {Float.NaN},
                "points[3]"));
        assertEquals("points[3]: value 0 (v) is NaN; values must be finite numbers", nan.getMessage());
        var width = assertThrows(InvalidInputException.class, () -> s.offer("2024-01-02", new float[] {1, 2},
                "points[4]"));
        assertEquals("points[4]: 2 value(s) for a model of 1 feature(s) (v)", width.getMessage());
        var time = assertThrows(InvalidInputException.class, () -> s.offer("yesterday", new float[] {1}, "points[5]"));
        assertTrue(time.getMessage().startsWith("points[5]: timestamp 'yesterday' is neither"), time.getMessage());
        assertEquals(2, s.points(), "nothing taken from refused points");
        assertNull(s.run());
        assertThrows(InvalidInputException.class, () -> new LiveSettings(0, 1, null, 0, null, 1, 1));
    }
}
