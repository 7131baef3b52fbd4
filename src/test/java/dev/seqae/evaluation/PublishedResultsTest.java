package dev.seqae.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.Metrics;
import dev.seqae.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The published counts read from the user's file, summed over seqae's signals, and set against them one by one. */
class PublishedResultsTest {
    @TempDir
    Path dir;

    private static SignalResult result(String category, String signal, long tp, long fp, long fn) {
        return new SignalResult(category, signal, 100, (int) (tp + fn), (int) (tp + fp),
                new Metrics.SegmentCounts(tp, fp, fn), 0, 0, 0, Double.NaN, Double.NaN, 1, List.of(), "index");
    }

    private PublishedResults published() throws IOException {
        return PublishedResults.read(Files.writeString(dir.resolve("p.csv"), """
                dataset,pipeline,signal,tp,fp,fn
                UCR,ae,001-Sine,1,2,0
                UCR,ae,002-Sine,0,1,1
                UCR,ae,003-Sine,1,0,0
                UCR,other,001-Sine,0,0,1
                MSL,ae,M-1,2,0,1
                """));
    }

    @Test
    void signalBySignalDifferencesAreCountedAsWorkedOutByHand() throws IOException {
        List<SignalResult> ours = List.of(
                result("UCR", "001_UCR_Anomaly_Sine_10_20_30", 1, 0, 0),  // both found it; 2 fewer false alarms
                result("UCR", "002_UCR_Anomaly_Sine_10_20_30", 1, 1, 0),  // found by seqae only
                result("UCR", "003_UCR_Anomaly_Sine_10_20_30", 0, 3, 1),  // found by ae only; 3 more false alarms
                result("UCR", "004_UCR_Anomaly_Sine_10_20_30", 1, 0, 0),  // not in the file
                result("MSL", "M-1", 1, 0, 2));                           // of 3 events: both 1, ae only 1, neither 1
        String md = published().differences(ours, "ae");
        assertTrue(md.contains("| UCR | 3 | 3 | 1 | 1 | 1 | 0 | 4 | 3 | 3 |"), md);
        assertTrue(md.contains("| MSL | 1 | 3 | 1 | 0 | 1 | 1 | 0 | 0 | 1 |"), md);
        assertTrue(md.contains("Not in the published file (left out): {UCR=1}"), md);
        // the largest difference in events found first, then in false alarms
        int third = md.indexOf("| UCR | 003_UCR_Anomaly_Sine_10_20_30 | 0 / 3 / 1 | 1 / 0 / 0 | -1 | +3 |");
        int second = md.indexOf("| UCR | 002_UCR_Anomaly_Sine_10_20_30 | 1 / 1 / 0 | 0 / 1 / 1 | +1 | +0 |");
        int first = md.indexOf("| UCR | 001_UCR_Anomaly_Sine_10_20_30 | 1 / 0 / 0 | 1 / 2 / 0 | +0 | -2 |");
        assertTrue(third >= 0 && second > third && first > second, md);
        assertFalse(md.contains("004_UCR"), md);
        // grouped: 001 and 002 (training length 10 -> range 1) against 003 put in a group of its own
        String grouped = published().differences(ours, "ae",
                r -> r.signal().startsWith("003") ? "b" : "a", "group");
        assertTrue(grouped.contains("| group | signals | seqae TP / FP / FN | F1 | detected nothing | ae TP / FP / FN |"),
                grouped);
        // a: UCR 001+002 and MSL M-1: seqae 3 / 1 / 2, ae 3 / 3 / 2; nothing detected: none; ae: none
        assertTrue(grouped.contains("| a | 3 | 3 / 1 / 2 | 0.667 | 0 | 3 / 3 / 2 | 0.545 | 0 |"), grouped);
        assertTrue(grouped.contains("| b | 1 | 0 / 3 / 1 | 0.000 | 0 | 1 / 0 / 0 | 1.000 | 0 |"), grouped);
    }

    @Test
    void ucrFilesAreGroupedByTheirTrainingLength() {
        assertEquals("1: < 3,000", UcrSuite.trainingLengthRange("004_UCR_Anomaly_DISTORTEDBIDMC1_2500_5400_5600"));
        assertEquals("2: 3,000-4,999", UcrSuite.trainingLengthRange("005_UCR_Anomaly_X_3000_5391_5392"));
        assertEquals("4: >= 10,000", UcrSuite.trainingLengthRange("170_UCR_Anomaly_gaitHunt1_18500_33070_33180"));
        assertEquals("?", UcrSuite.trainingLengthRange("M-1"));
    }

    @Test
    void theComparisonTableSumsOnlyTheSignalsSeqaeRan() throws IOException {
        List<SignalResult> ours = List.of(result("UCR", "001_UCR_Anomaly_Sine_10_20_30", 1, 1, 0),
                result("UCR", "003_UCR_Anomaly_Sine_10_20_30", 0, 0, 1));
        String md = published().markdown(List.of(ours));
        // seqae: TP 1 FP 1 FN 1 -> 0.5; ae over 001 and 003: TP 2 FP 2 FN 0 -> 0.667; other over 001 only: 0
        assertTrue(md.contains("| UCR | 2 of 2 | **0.500** | 0.667 | 0.000 |"), md);
    }

    @Test
    void anUnknownPipelineAndABadFileAreErrorsThatSayWhat() throws IOException {
        var e = assertThrows(InvalidInputException.class, () -> published().differences(List.of(), "aer"));
        assertTrue(e.getMessage().contains("no pipeline 'aer'") && e.getMessage().contains("ae, other"),
                e.getMessage());
        Path bad = Files.writeString(dir.resolve("bad.csv"), "dataset,pipeline,signal,tp,fp,fn\nUCR,ae,x,1,two,0\n");
        e = assertThrows(InvalidInputException.class, () -> PublishedResults.read(bad));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("fp 'two'"), e.getMessage());
        Path noColumn = Files.writeString(dir.resolve("nocol.csv"), "dataset,pipeline,signal,tp,fp\n");
        e = assertThrows(InvalidInputException.class, () -> PublishedResults.read(noColumn));
        assertTrue(e.getMessage().contains("no column 'fn'"), e.getMessage());
    }
}
