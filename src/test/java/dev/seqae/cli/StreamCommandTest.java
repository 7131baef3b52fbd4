package dev.seqae.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seqae stream} replays a NAB series point by point; {@code seqae detect --causal} finds the
 * same intervals in one pass; the injected jump (NAB's label: 2014-04-10 16:15 to 2014-04-12
 * 01:45) is inside one of them.
 */
class StreamCommandTest {
    private static final Path NAB = Path.of("datasets/nab/data/artificialWithAnomaly/art_daily_jumpsup.csv");
    private static final String[] DETECTION = {"--smoothing", "8", "--close-after", "12", "--local-window", "600",
        "--threshold", "mean-k-sigma"};

    @TempDir
    static Path dir;
    static Path model;

    private static CommandLineTest.Run run(String... args) {
        return CommandLineTest.run(args);
    }

    @BeforeAll
    static void train() {
        model = dir.resolve("jump.seqae");
        var r = run("train", "--data", NAB.toString(), "--window", "48", "--stride", "4", "--encoder", "16",
                "--decoder", "16", "--latent", "4", "--epochs", "3", "--seed", "5", "--out", model.toString());
        assertEquals(0, r.code(), r.err());
    }

    private static List<CSVRecord> csv(String text) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(text)).getRecords();
    }

    private static String[] with(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(DETECTION));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void streamingPointByPointFindsTheIntervalsOfCausalDetection() throws IOException {
        var stream = run(with(new String[] {"stream", "-m", model.toString(), "-d", NAB.toString()}));
        assertEquals(0, stream.code(), stream.err());
        var detect = run(with(new String[] {"detect", "-m", model.toString(), "-d", NAB.toString(), "--causal"}));
        assertEquals(0, detect.code(), detect.err());
        List<String> fromEvents = new ArrayList<>();
        for (CSVRecord e : csv(stream.out())) {
            if (e.get("event").equals("closed")) {
                fromEvents.add(e.get("start") + "-" + e.get("end") + " peak " + e.get("peak_index"));
            }
        }
        List<String> intervals = new ArrayList<>();
        boolean jumpFound = false;
        for (CSVRecord i : csv(detect.out())) {
            intervals.add(i.get("start") + "-" + i.get("end") + " peak " + i.get("peak_index"));
            jumpFound |= i.get("start_timestamp").compareTo("2014-04-12 01:45:00") <= 0
                    && i.get("end_timestamp").compareTo("2014-04-10 16:15:00") >= 0 && i.get("open").equals("false");
        }
        assertTrue(intervals.size() >= 1, detect.out());
        assertEquals(intervals, fromEvents);
        assertTrue(jumpFound, "an interval overlaps the labelled jump: " + intervals);
        assertTrue(stream.err().contains("4032 points streamed, 4032 scored"), stream.err());
    }

    @Test
    void optionsThatLookAheadOrBelongToCausalDetectionAreRefused() {
        var padding = run("detect", "-m", model.toString(), "-d", NAB.toString(), "--causal", "--padding", "3");
        assertEquals(2, padding.code());
        assertTrue(padding.err().contains("--padding looks at points after an interval; causal detection has "
                + "--open-after and --close-after instead"), padding.err());
        var notCausal = run("detect", "-m", model.toString(), "-d", NAB.toString(), "--close-after", "3");
        assertEquals(2, notCausal.code());
        assertTrue(notCausal.err().contains("--close-after is an option of causal detection: add --causal"),
                notCausal.err());
        var zero = run("stream", "-m", model.toString(), "-d", NAB.toString(), "--open-after", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--open-after must be at least 1, got 0"), zero.err());
    }

    private static List<String> events(String csvText) throws IOException {
        List<String> out = new ArrayList<>();
        for (CSVRecord e : csv(csvText)) {
            out.add(e.get("event") + " " + e.get("start") + "-" + e.get("end") + " at " + e.get("at"));
        }
        return out;
    }

    /**
     * {@code seqae stream --url}: the same series sent to a running service's live stream in requests
     * of 500 points gives the events of the replay in this JVM; run again, the stream has every
     * point (all duplicates); an unreachable service is exit 3, a refusal exit 2 with its reason.
     */
    @Test
    void streamingToTheServiceGivesTheEventsOfTheLocalReplay() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("models"));
        java.nio.file.Files.copy(model, dir.resolve("models").resolve("jump.seqae"));
        try (io.micronaut.runtime.server.EmbeddedServer server = io.micronaut.context.ApplicationContext.run(
                io.micronaut.runtime.server.EmbeddedServer.class, java.util.Map.of("seqae.models-dir",
                        dir.resolve("models").toString(), "micronaut.server.port", -1, "seqae.api-key", "k",
                        "seqae.retraining.enabled", false, "seqae.intake.url", "jdbc:h2:file:"
                                + dir.resolve("intake") + dev.seqae.intake.RecordStore.H2_OPTIONS))) {
            String url = server.getURL().toString();
            var local = run(with(new String[] {"stream", "-m", model.toString(), "-d", NAB.toString()}));
            assertEquals(0, local.code(), local.err());
            var remote = run(with(new String[] {"stream", "--url", url, "-m", "jump", "-d", NAB.toString(),
                "--api-key", "k", "--batch", "500"}));
            assertEquals(0, remote.code(), remote.err());
            assertTrue(remote.err().contains("4032 points sent to stream 'art_daily_jumpsup' at " + url
                    + ": 4032 taken, 0 already there"), remote.err());
            assertTrue(events(local.out()).size() >= 1, local.out());
            assertEquals(events(local.out()), events(remote.out()));

            var again = run(with(new String[] {"stream", "--url", url, "-m", "jump", "-d", NAB.toString(),
                "--api-key", "k"}));
            assertEquals(0, again.code(), again.err());
            assertTrue(again.err().contains("0 taken, 4032 already there; 0 events"), again.err());

            var other = run("stream", "--url", url, "-m", "jump", "-d", NAB.toString(), "--api-key", "k",
                    "--smoothing", "2");
            assertEquals(2, other.code());
            assertTrue(other.err().contains("the service refused PUT /api/v1/streams/art_daily_jumpsup: 409 stream "
                    + "'art_daily_jumpsup' exists with other settings"), other.err());
            var noKey = run("stream", "--url", url, "-m", "jump", "-d", NAB.toString(), "--stream", "x");
            assertEquals(2, noKey.code());
            assertTrue(noKey.err().contains(": 401") || noKey.err().contains(": 403"), noKey.err());
        }
        int closed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        var down = run("stream", "--url", "http://127.0.0.1:" + closed, "-m", "jump", "-d", NAB.toString());
        assertEquals(3, down.code());
        assertTrue(down.err().contains("cannot reach the service at http://127.0.0.1:" + closed), down.err());
        var notUrl = run("stream", "--url", "localhost", "-m", "jump", "-d", NAB.toString());
        assertEquals(2, notUrl.code());
        assertTrue(notUrl.err().contains("--url: 'localhost' is not an http(s) URL"), notUrl.err());
    }
}
