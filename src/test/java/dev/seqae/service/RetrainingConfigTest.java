package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.retraining.RetrainingPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans from configuration: defaults, both kinds of window, and a message naming the key for every mistake. */
class RetrainingConfigTest {
    @TempDir
    Path dir;

    static Map<String, Object> props(String... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void readsPlansWithTheirDefaults() throws Exception {
        Files.writeString(dir.resolve("labelled.csv"), "1,0.1,0.2\n2,0.3,0.4\n");
        List<RetrainingPlan> plans = RetrainingConfig.plans(props(
                "ecg.schedule", "0 3 * * *", "ecg.dataset", "ecg", "ecg.rows", "5000", "ecg.days", "7",
                "ecg.labelled.file", dir.resolve("labelled.csv").toString(), "ecg.labelled.label-column", "0",
                "ecg.labelled.normal-labels", "1", "ecg.labelled.header", "false", "ecg.labelled.layout", "rows",
                "files.schedule", "@weekly", "files.csv-dir", dir.toString(), "files.zone", "Europe/Berlin",
                "files.enabled", "false", "files.tolerance", "0.25", "files.epochs", "20", "files.csv.layout", "rows"),
                ZoneId.of("UTC"));
        assertEquals(2, plans.size());
        RetrainingPlan ecg = plans.get(0);
        assertEquals("ecg", ecg.model());
        assertEquals(new RetrainingPlan.IntakeSource("ecg", 5000, Duration.ofDays(7)), ecg.source());
        assertEquals(0.2, ecg.holdout());
        assertEquals(0.1, ecg.tolerance());
        assertEquals(0.02, ecg.f1Tolerance());
        assertEquals(100, ecg.minRecords());
        assertEquals(1, ecg.threads());
        assertEquals(ZoneId.of("UTC"), ecg.zone());
        assertEquals(2, ecg.labelled().reader().get().size(), "the labelled file is read at each run");
        RetrainingPlan files = plans.get(1);
        assertEquals(ZoneId.of("Europe/Berlin"), files.zone());
        assertEquals(false, files.enabled());
        assertEquals(20, files.epochs());
        assertTrue(files.source().describe().startsWith("the CSV files of "), files.source().describe());
    }

    @Test
    void everyMistakeNamesItsKey() throws Exception {
        Files.writeString(dir.resolve("x.csv"), "1,0.5\n");
        String p = "seqae.retraining.models.m";
        assertEquals(p + ".schedule must be given", error("m.dataset", "d", "m.rows", "5"));
        assertEquals(p + ": cron expression '0 3 * *' has 4 fields; expected 5: minute hour day-of-month month "
                + "day-of-week (e.g. '0 3 * * *' = 03:00 every day)", error("m.schedule", "0 3 * *", "m.dataset", "d",
                "m.rows", "5"));
        assertTrue(error("m.schedule", "@daily", "m.dataset", "d", "m.rows", "5", "m.tolerence", "0.1")
                .startsWith(p + ".tolerence is not a retraining setting (known: csv-dir, dataset, days, enabled"));
        assertEquals(p + ": give exactly one of dataset (an intake dataset) or csv-dir (a folder of CSV files) as the "
                + "training window", error("m.schedule", "@daily"));
        assertEquals(p + ": give rows and/or days (the training window of dataset 'd')",
                error("m.schedule", "@daily", "m.dataset", "d"));
        assertEquals(p + ".rows: expected a whole number, got 'many'", error("m.schedule", "@daily", "m.dataset", "d",
                "m.rows", "many"));
        assertEquals(p + ": holdout must be in [0.05, 0.5], got 0.9", error("m.schedule", "@daily", "m.dataset", "d",
                "m.rows", "5", "m.holdout", "0.9"));
        assertEquals(p + ".zone: 'Mars/Olympus' is not a time zone (e.g. UTC, Europe/Berlin)", error("m.schedule",
                "@daily", "m.dataset", "d", "m.rows", "5", "m.zone", "Mars/Olympus"));
        assertEquals(p + ".csv-dir: /nonexistent/seqae is not a folder", error("m.schedule", "@daily", "m.csv-dir",
                "/nonexistent/seqae"));
        assertEquals(p + ".labelled.normal-labels: the labels of normal sequences must be given (the others count as "
                + "anomalies)", error("m.schedule", "@daily", "m.dataset", "d", "m.rows", "5", "m.labelled.file",
                dir.resolve("x.csv").toString(), "m.labelled.label-column", "0"));
        assertEquals(p + ".csv.label-colum is not a reading option (known: delimiter, header, id-column, impute, "
                + "label-column, layout, normal-labels, timestamp-column, value-columns)",
                error("m.schedule", "@daily", "m.csv-dir", dir.toString(), "m.csv.label-colum", "0"));
        assertEquals(p + ".csv.layout: unknown value 'wide' (expected one of timeseries, rows, long, auto)",
                error("m.schedule", "@daily", "m.csv-dir", dir.toString(), "m.csv.layout", "wide"));
        assertEquals("model name 'bad/x' is not valid: use 1-64 letters, digits, '.', '_' or '-', starting with a letter "
                + "or digit (no paths)", error("bad/x.schedule", "@daily"));
    }

    String error(String... kv) {
        return assertThrows(InvalidInputException.class, () -> RetrainingConfig.plans(props(kv), ZoneId.of("UTC")))
                .getMessage();
    }
}
