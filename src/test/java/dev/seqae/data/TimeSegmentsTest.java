package dev.seqae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.InvalidInputException;
import org.junit.jupiter.api.Test;

class TimeSegmentsTest {
    private static float[][] column(float... v) {
        float[][] out = new float[v.length][1];
        for (int i = 0; i < v.length; i++) {
            out[i][0] = v[i];
        }
        return out;
    }

    @Test
    void fiveMinutePointsAveragedIntoTenMinuteSegmentsWithAGapImputed() {
        // points at 0, 300, 600, 900, (gap: 1200..1799 empty), 1800, 2100 seconds
        double[] t = {0, 300, 600, 900, 1800, 2100};
        TimeSegments s = TimeSegments.aggregate("x", t, column(1, 3, 5, 7, 11, 13), 600);
        assertArrayEquals(new double[] {0, 600, 1200, 1800}, s.times(), 0);
        assertEquals(2f, s.values()[0][0]);
        assertEquals(6f, s.values()[1][0]);
        assertTrue(Float.isNaN(s.values()[2][0]));
        assertEquals(12f, s.values()[3][0]);
        assertEquals(1, s.empty());
        // the mean of the segments that hold points, as scikit-learn's SimpleImputer fills
        assertArrayEquals(new double[] {20.0 / 3}, s.featureMeans(), 1e-9);
        TimeSegments filled = s.imputeMean(s.featureMeans());
        assertEquals(20f / 3, filled.values()[2][0], 1e-6);
        assertEquals(0, filled.empty() - 1);   // which segments held points is kept
    }

    @Test
    void segmentsMapBackToTheirOriginalPoints() {
        double[] t = {0, 300, 600, 900, 1800, 2100};
        TimeSegments s = TimeSegments.aggregate("x", t, column(1, 3, 5, 7, 11, 13), 600);
        assertArrayEquals(new int[] {0, 1}, s.pointsOf(0, 0));
        assertArrayEquals(new int[] {2, 5}, s.pointsOf(1, 3));
        assertArrayEquals(new int[] {4, 5}, s.pointsOf(2, 3));   // the empty segment holds none
        assertNull(s.pointsOf(2, 2));
    }

    @Test
    void aPointOnASegmentBoundaryStartsTheNextSegment() {
        TimeSegments s = TimeSegments.aggregate("x", new double[] {0, 599, 600, 1199, 1200}, column(1, 2, 3, 4, 5),
                600);
        assertArrayEquals(new double[] {0, 600, 1200}, s.times(), 0);
        assertArrayEquals(new int[] {0, 2, 4}, s.firstPoint());
        assertEquals(1.5f, s.values()[0][0]);
        assertEquals(5f, s.values()[2][0]);
    }

    @Test
    void anIntervalOfOneStepOnAnIndexAxisIsTheIdentity() {
        float[][] v = column(4, 5, 6, 7);
        TimeSegments s = TimeSegments.aggregate("x", new double[] {0, 1, 2, 3}, v, 1);
        TimeSegments id = TimeSegments.identity(v);
        assertArrayEquals(id.times(), s.times(), 0);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(v[i], s.values()[i]);
            assertArrayEquals(v[i], id.values()[i]);
        }
        assertArrayEquals(id.firstPoint(), s.lastPoint());
    }

    @Test
    void timesThatGoBackOrAnIntervalThatIsNotPositiveAreErrors() {
        InvalidInputException back = assertThrows(InvalidInputException.class,
                () -> TimeSegments.aggregate("f.csv", new double[] {0, 600, 300}, column(1, 2, 3), 600));
        assertTrue(back.getMessage().contains("f.csv: point 2"), back.getMessage());
        assertThrows(InvalidInputException.class,
                () -> TimeSegments.aggregate("f.csv", new double[] {0, 1}, column(1, 2), 0));
        InvalidInputException many = assertThrows(InvalidInputException.class,
                () -> TimeSegments.aggregate("f.csv", new double[] {0, 1e12}, column(1, 2), 1));
        assertTrue(many.getMessage().contains("segments"), many.getMessage());
    }

    @Test
    void timeStampsAreReadAsSecondsOrIndices() {
        assertEquals(1_388_534_400.0, TimeSegments.seconds("f", 0, "2014-01-01 00:00:00"), 0);
        assertEquals(1_388_534_400.0, TimeSegments.seconds("f", 0, "2014-01-01T00:00:00"), 0);
        assertEquals(1_388_534_400.0, TimeSegments.seconds("f", 0, "2014-01-01T01:00:00+01:00"), 0);
        assertEquals(42.5, TimeSegments.seconds("f", 0, " 42.5 "), 0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> TimeSegments.seconds("f.csv", 7, "yesterday"));
        assertTrue(e.getMessage().contains("f.csv: point 7"), e.getMessage());
        assertEquals("2014-01-01 00:10:00", TimeSegments.dateTime(1_388_535_000));
        double[] axis = TimeSegments.axis(new TimeSeries("s", null, column(1, 2, 3), new String[] {"v"}));
        assertArrayEquals(new double[] {0, 1, 2}, axis, 0);
    }
}
