package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.seqae.intake.RecordStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The packaged defaults say what the code says. */
class ServiceDefaultsTest {
    @Test
    void thePackagedIntakeUrlUsesTheH2OptionsOfTheCode() throws IOException {
        String yml;
        try (InputStream in = ServiceDefaultsTest.class.getResourceAsStream("/application.yml")) {
            assertNotNull(in, "application.yml is packaged");
            yml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String url = yml.lines().map(String::trim).filter(l -> l.startsWith("url: jdbc:h2:")).findFirst()
                .orElseThrow().substring("url: ".length());
        assertEquals("jdbc:h2:file:./intake/seqae" + RecordStore.H2_OPTIONS, url);
    }
}
