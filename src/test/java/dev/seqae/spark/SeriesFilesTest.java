package dev.seqae.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The time order of a file's steps is the one the row path sorts them into. */
class SeriesFilesTest {
    @Test
    void stepsInTimeOrderAreLeftAsTheyAre() {
        assertNull(SeriesFiles.timeOrder(new String[] {"1", "2", "10"}));
        assertNull(SeriesFiles.timeOrder(new String[] {"2024-01-01 00:00", "2024-01-01 00:05"}));
        assertNull(SeriesFiles.timeOrder(new String[] {"1.7e9", "1700000000", "1700000001"}), "equal numbers by text");
    }

    @Test
    void numbersByValueThenTextThenPlace() {
        // 10 after 9 (as a number, not as text); numbers before text; equal stamps keep their places
        assertArrayEquals(new Integer[] {1, 0, 3, 2}, SeriesFiles.timeOrder(new String[] {"10", "9", "b", "a"}));
        assertArrayEquals(new Integer[] {2, 1, 0}, SeriesFiles.timeOrder(new String[] {"2024-03-01T00:00",
            "2024-02-01T00:00", "2024-01-01T00:00"}));
        assertArrayEquals(new Integer[] {1, 2, 0}, SeriesFiles.timeOrder(new String[] {"x", "-1e2", "-1e2"}));
        assertArrayEquals(new Integer[] {1, 0}, SeriesFiles.timeOrder(new String[] {"1.0", "1"}));
    }
}
