package dev.seqae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.DataFormatException;
import dev.seqae.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void readsNabStyleTimeSeriesWithHeaderAndTimestamps() throws IOException {
        Path p = file("nab.csv", "timestamp,value\n2014-01-01 00:00:00,1.5\n2014-01-01 00:05:00,2\n");
        TimeSeries ts = assertInstanceOf(TimeSeries.class, CsvDataReader.read(p, CsvOptions.auto()));
        assertEquals(2, ts.length());
        assertArrayEquals(new String[] {"value"}, ts.featureNames());
        assertEquals("2014-01-01 00:05:00", ts.timestamps()[1]);
        assertEquals(2f, ts.values()[1][0]);
    }

    @Test
    void aByteOrderMarkIsNotData() throws IOException {
        // UCR rows with a BOM, as a spreadsheet program saves them: still 4 values per row, not 5 columns misread
        String rows = ("1" + ",0.5".repeat(20) + "\n").repeat(3) + "2" + ",1".repeat(20) + "\n";
        SequenceSet plain = assertInstanceOf(SequenceSet.class, CsvDataReader.read(file("plain.csv", rows),
                CsvOptions.auto()));
        SequenceSet marked = assertInstanceOf(SequenceSet.class, CsvDataReader.read(file("bom.csv", "\uFEFF" + rows),
                CsvOptions.auto()));
        assertEquals(plain.features(), marked.features());
        assertArrayEquals(plain.values().get(0)[0], marked.values().get(0)[0]);
        TimeSeries ts = assertInstanceOf(TimeSeries.class, CsvDataReader.read("\uFEFFtimestamp,value\n2014-01-01 "
                + "00:00:00,1.5\n2014-01-01 00:05:00,2\n", "request body", CsvOptions.auto()));
        assertArrayEquals(new String[] {"value"}, ts.featureNames(), "the header's first name without the mark");
    }

    @Test
    void timeStampsMustBeNumbersOrDateTimesAndABadOneIsNamedWhereItIs() throws IOException {
        for (String bad : new String[] {"not-a-date", "2020-13-45 99:99"}) {
            String csv = "timestamp,value\n2020-01-01 00:00:00,1\n" + bad + ",2\n2020-01-01 00:10:00,3\n";
            DataFormatException e = assertThrows(DataFormatException.class,
                    () -> CsvDataReader.read(csv, "request body", CsvOptions.auto()));
            assertTrue(e.getMessage().startsWith("request body, line 3, column 1: time stamp '" + bad
                    + "' (column 'timestamp') is neither a number nor a date-time"), e.getMessage());
        }
        TimeSeries ok = assertInstanceOf(TimeSeries.class, CsvDataReader.read("time,value\n1.5,1\n2.5,2\n"
                + "2026-01-01T00:05,3\n2026-01-01T00:05:00Z,4\n", "body", CsvOptions.auto()));
        assertEquals(4, ok.length(), "numbers, ISO-8601 with and without an offset");
    }

    @Test
    void aQuotedNumberWithADecimalCommaIsNamedAsNotANumber() {
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvDataReader.read(
                "a,b\n1,2\n3,\"1,5\"\n", "request body", CsvOptions.auto()));
        assertTrue(e.getMessage().contains("line 3, column 2: '1,5' is not a number (column 'b'; a decimal comma? "
                + "write 1.5)"), e.getMessage());
    }

    @Test
    void aBinaryFileIsSaidToBeNotText() throws IOException {
        Path invalid = dir.resolve("model.bin");
        Files.write(invalid, new byte[] {(byte) 0xff, (byte) 0xfe, 0x12, (byte) 0x80, 0x41});
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvDataReader.read(invalid,
                CsvOptions.auto()));
        assertTrue(e.getMessage().contains("model.bin") && e.getMessage().contains("not a text file (not valid UTF-8)"),
                e.getMessage());
        Path zeros = dir.resolve("zeros.csv");
        Files.write(zeros, new byte[] {'1', ',', '2', 0, 0, '\n'});
        DataFormatException z = assertThrows(DataFormatException.class, () -> CsvDataReader.read(zeros,
                CsvOptions.auto()));
        assertTrue(z.getMessage().contains("not a text file (it holds NUL bytes)"), z.getMessage());
    }

    @Test
    void readsHeaderlessMultivariateSeries() throws IOException {
        Path p = file("smap.csv", "0.5,0,1\n0.25,1,0\n0.125,0,0\n");
        TimeSeries ts = assertInstanceOf(TimeSeries.class, CsvDataReader.read(p, CsvOptions.auto()));
        assertEquals(3, ts.features());
        assertNull(ts.timestamps());
        assertEquals(0.125f, ts.values()[2][0]);
    }

    @Test
    void readsUcrRowsWithLabels() {
        SequenceSet set = assertInstanceOf(SequenceSet.class,
                CsvDataReader.read(Path.of("datasets/ecg5000/ECG5000_TRAIN.tsv"), CsvOptions.rows("0")));
        assertEquals(500, set.size());
        assertEquals(140, set.sequences().get(0).length());
        assertEquals("1", set.sequences().get(0).label());
        assertEquals(292, set.filter(s -> s.label().equals("1")).size());
    }

    @Test
    void detectsRowsLayoutInWideHeaderlessFiles() throws IOException {
        Path p = file("wide.csv", "1,2,3,4,5,6,7,8,9,10,11\n2,3,4,5,6,7,8,9,10,11,12\n");
        SequenceSet set = assertInstanceOf(SequenceSet.class, CsvDataReader.read(p, CsvOptions.auto()));
        assertEquals(2, set.size());
        assertEquals(11, set.sequences().get(0).length());
    }

    @Test
    void groupsLongFormByIdWithVariableLengths() throws IOException {
        Path p = file("long.csv", "id,t,a,b,label\ns1,0,1,2,n\ns2,0,5,6,x\ns1,1,3,4,n\ns2,1,7,8,x\ns2,2,9,10,x\n");
        var o = new CsvOptions(Layout.AUTO, null, null, "t", List.of(), "label", "id", Imputation.NONE);
        SequenceSet set = assertInstanceOf(SequenceSet.class, CsvDataReader.read(p, o));
        assertEquals(2, set.size());
        assertEquals(2, set.sequences().get(0).length());
        assertEquals(3, set.sequences().get(1).length());
        assertArrayEquals(new float[] {9, 10}, set.sequences().get(1).values()[2]);
        assertEquals("x", set.sequences().get(1).label());
        assertArrayEquals(new String[] {"a", "b"}, set.featureNames());
    }

    @Test
    void missingFileNamesTheFile() {
        var e = assertThrows(DataFormatException.class,
                () -> CsvDataReader.read(dir.resolve("nope.csv"), CsvOptions.auto()));
        assertTrue(e.getMessage().contains("nope.csv") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        var e = assertThrows(DataFormatException.class,
                () -> CsvDataReader.read(file("empty.csv", "\n  \n"), CsvOptions.auto()));
        assertTrue(e.getMessage().endsWith("empty.csv: file is empty"), e.getMessage());
    }

    @Test
    void nonNumericCellNamesLineAndColumn() throws IOException {
        Path p = file("bad.csv", "timestamp,value\n2014-01-01,1\n2014-01-02,abc\n");
        var e = assertThrows(DataFormatException.class, () -> CsvDataReader.read(p, CsvOptions.auto()));
        assertEquals(3, e.line());
        assertEquals(2, e.column());
        assertTrue(e.getMessage().contains("bad.csv, line 3, column 2: 'abc' is not a number"), e.getMessage());
    }

    @Test
    void nanAndInfinityAreRejectedUnlessImputed() throws IOException {
        Path p = file("nan.csv", "a,b\n1,2\nNaN,3\n4,Infinity\n5,\n");
        var e = assertThrows(DataFormatException.class, () -> CsvDataReader.read(p, CsvOptions.auto()));
        assertTrue(e.getMessage().contains("line 3, column 1: 'NaN' is not a finite number"), e.getMessage());
        var prev = new CsvOptions(Layout.AUTO, null, null, null, List.of(), null, null, Imputation.PREVIOUS);
        TimeSeries ts = (TimeSeries) CsvDataReader.read(p, prev);
        assertArrayEquals(new float[] {1, 2}, ts.values()[0]);
        assertArrayEquals(new float[] {1, 3}, ts.values()[1]);
        assertArrayEquals(new float[] {4, 3}, ts.values()[2]);
        assertArrayEquals(new float[] {5, 3}, ts.values()[3]);
        var zero = new CsvOptions(Layout.AUTO, null, null, null, List.of(), null, null, Imputation.ZERO);
        assertArrayEquals(new float[] {4, 0}, ((TimeSeries) CsvDataReader.read(p, zero)).values()[2]);
    }

    @Test
    void raggedRowNamesTheLine() throws IOException {
        Path p = file("ragged.csv", "a,b\n1,2\n3\n");
        var e = assertThrows(DataFormatException.class, () -> CsvDataReader.read(p, CsvOptions.auto()));
        assertTrue(e.getMessage().contains("ragged.csv, line 3: has 1 columns, expected 2"), e.getMessage());
    }

    @Test
    void unknownColumnListsTheColumns() throws IOException {
        Path p = file("cols.csv", "timestamp,value\n2014,1\n2015,2\n");
        var o = new CsvOptions(Layout.TIMESERIES, null, null, null, List.of("valu"), null, null, Imputation.NONE);
        var e = assertThrows(DataFormatException.class, () -> CsvDataReader.read(p, o));
        assertTrue(e.getMessage().contains("unknown value column 'valu' (columns: timestamp, value)"), e.getMessage());
    }

    @Test
    void windowLongerThanSeriesIsRejected() {
        var e = assertThrows(InvalidInputException.class, () -> Windows.plan("s.csv", 10, 11, 1));
        assertTrue(e.getMessage().contains("s.csv: window length 11 is longer than the series (10 points)"),
                e.getMessage());
    }

    @Test
    void longLayoutWithoutIdColumnIsAUsageError() {
        assertThrows(InvalidInputException.class,
                () -> new CsvOptions(Layout.LONG, null, null, null, List.of(), null, null, Imputation.NONE));
    }
}
