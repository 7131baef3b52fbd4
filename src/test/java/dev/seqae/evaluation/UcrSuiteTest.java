package dev.seqae.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.Interval;
import dev.seqae.anomaly.TimeSpan;
import dev.seqae.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UCR archive's file-name labels and its two value layouts. */
class UcrSuiteTest {
    @TempDir
    Path dir;

    @Test
    void theNameIsOneBasedAndTheLabelZeroBased() {
        // the archive's MERLIN tutorial: gaitHunt1_18500_33070_33180 runs on x(18500:end) and puts the anomaly at
        // 33070 - 18500 = 14570 of that (1-based), i.e. 0-based rows 33069..33179 of the file
        UcrSuite.Label l = UcrSuite.label("170_UCR_Anomaly_gaitHunt1_18500_33070_33180.txt");
        assertEquals("170", l.number());
        assertEquals("gaitHunt1", l.name());
        assertEquals(18500, l.trainEnd());          // rows 0..18499 (points 1..18500) are the training part
        assertEquals(33069, l.anomalyStart());
        assertEquals(33179, l.anomalyEnd());
        assertEquals("170-gaitHunt1", PublishedResults.publishedName("UCR", "170_UCR_Anomaly_gaitHunt1_18500_33070_33180"));
    }

    @Test
    void aSignalIsTrainedBeforeTrainEndAndLabelledInFileRows() throws IOException {
        // points 1..5 train, anomaly at points 8..9 -> rows 7..8 of the file, rows 2..3 of the test part
        Path f = dir.resolve("001_UCR_Anomaly_Toy_5_8_9.txt");
        Files.writeString(f, "  1.0000000e+00\n  2.0\n3\n4\n5\n6\n7\n80\n90\n10\n11\n");
        SeriesEvaluation.Signal s = UcrSuite.signal(f, UcrSuite.label(f.getFileName().toString()));
        assertEquals(5, s.train().length());
        assertEquals(6, s.test().length());
        assertEquals(6f, s.test().values()[0][0]);
        assertEquals("5", s.test().timestamps()[0]);
        assertEquals(List.of(Interval.window(2, 3)), s.truthPoints());
        assertEquals(List.of(TimeSpan.label(7, 8)), s.truthSpans());
        assertEquals("UCR", s.category());
    }

    @Test
    void valuesOnOneLineReadAsValuesOnManyLines() throws IOException {
        Path many = dir.resolve("many.txt");
        Path one = dir.resolve("one.txt");
        Files.writeString(many, "1.5\n-2.5e+00\n3\n");
        Files.writeString(one, "   1.5000000e+00  -2.5000000e+00   3.0000000e+00\n");
        assertArrayEquals(UcrSuite.values(many), UcrSuite.values(one));
        assertArrayEquals(new float[] {1.5f, -2.5f, 3f}, UcrSuite.values(one));
    }

    @Test
    void badNamesAndValuesAreErrorsThatSayWhere() throws IOException {
        var e = assertThrows(InvalidInputException.class, () -> UcrSuite.label("004_UCR_Anomaly_X_2500_2400_2600.txt"));
        assertTrue(e.getMessage().contains("trainEnd < anomStart"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> UcrSuite.label("readme.txt"));
        assertTrue(e.getMessage().contains("not a UCR anomaly file name"), e.getMessage());
        Path f = dir.resolve("002_UCR_Anomaly_Bad_2_3_4.txt");
        Files.writeString(f, "1\n2\nx\n4\n5\n");
        e = assertThrows(InvalidInputException.class, () -> UcrSuite.values(f));
        assertTrue(e.getMessage().endsWith("value 3: 'x' is not a number"), e.getMessage());
        Files.writeString(f, "1\n2\n3\n");
        e = assertThrows(InvalidInputException.class,
                () -> UcrSuite.signal(f, UcrSuite.label(f.getFileName().toString())));
        assertTrue(e.getMessage().contains("after the last of the file's 3 values"), e.getMessage());
    }
}
