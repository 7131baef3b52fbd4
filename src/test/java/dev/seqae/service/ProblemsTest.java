package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The last guard on answers: server folders, class names and framework settings never reach a caller. */
class ProblemsTest {
    @Test
    void serverFoldersClassNamesAndSettingsAreLeftOut() {
        String cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize().toString();
        assertEquals("datasets/nab/x.csv reads as a time series",
                Problems.scrub(cwd + "/datasets/nab/x.csv reads as a time series"));
        assertEquals("bad CSV at line 3", Problems.scrub("bad CSV at line 3 (org.apache.commons.csv.CSVException)"));
        assertEquals("cannot map", Problems.scrub("cannot map dev.seqae.model.ModelState[\"provenance\"]"));
        assertEquals("the body is larger than allowed; raise", Problems.scrub("the body is larger than allowed; raise "
                + "'micronaut.server.max-request-buffer-size'"));
        assertEquals("dataset '/etc/passwd' must be relative", Problems.scrub("dataset '/etc/passwd' must be relative"),
                "the caller's own value is said back");
    }
}
