package dev.seqae.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SyntheticGenerator;
import dev.seqae.model.ModelConfig;
import dev.seqae.model.ModelFile;
import dev.seqae.model.SeqAutoencoderModel;
import dev.seqae.model.Trainer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser (headless Chromium through chromedriver, Debian packages
 * {@code chromium} and {@code chromium-driver}; {@code .ci/run} installs them): load, upload a
 * CSV, see the score chart and the latent scatter render; a screenshot goes to
 * {@code target/screenshots/web-page.png}. Skipped, saying why, when the browser is absent.
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.seqae.service.ContractCheck.class)
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageTest implements TestPropertyProvider {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final List<float[][]> DATA = SyntheticGenerator.regular(60, 30, 1, 4);

    @Inject
    EmbeddedServer server;

    Path csv;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path dir = Files.createTempDirectory("seqae-web");
            ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {8}, 3, new int[] {8})
                    .withTraining(5e-3, 16, 3, 0, 0.25, 5);
            SeqAutoencoderModel m = new Trainer(cfg, null).fit(DATA.subList(0, 40), new String[] {"value"}, "web");
            ModelFile.save(m, dir.resolve("beats.seqae"));
            StringBuilder sb = new StringBuilder();
            for (int i = 40; i < 60; i++) {
                float[][] s = DATA.get(i);
                for (int t = 0; t < s.length; t++) {
                    // the last five rows are stretched: anomalies
                    sb.append(t == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.5f", s[t][0] * (i >= 55 ? 3 : 1)));
                }
                sb.append('\n');
            }
            csv = dir.resolve("upload.csv");
            Files.writeString(csv, sb);
            return Map.of("seqae.models-dir", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Headless Chromium, or the test is skipped where there is none. */
    static ChromeDriver browser() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser test skipped: needs " + CHROMIUM + " and " + DRIVER
                        + " (apt-get install chromium chromium-driver; .ci/run installs them)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1200,2150");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void aServiceThatNeedsTheKeyForEverythingTakesItInThePageForTheTabOnly() {
        try (EmbeddedServer keyed = io.micronaut.context.ApplicationContext.run(EmbeddedServer.class, Map.of(
                "seqae.models-dir", csv.getParent().toString(), "micronaut.server.port", -1,
                "seqae.api-key", "page-key", "seqae.scoring-requires-key", true, "seqae.retraining.enabled", false))) {
            ChromeDriver driver = browser();
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get(keyed.getURL() + "/");
                wait.until(d -> d.findElement(By.id("model-info")).getText().startsWith("401"));
                assertTrue(driver.findElement(By.id("model-info")).getText().contains("enter the API key"),
                        driver.findElement(By.id("model-info")).getText());
                driver.findElement(By.id("api-key")).sendKeys("page-key");
                driver.findElement(By.id("key-save")).click();
                wait.until(d -> d.findElements(By.cssSelector("#model option")).size() == 1);
                assertEquals("key set for this tab", driver.findElement(By.id("key-status")).getText());
                assertEquals("page-key", driver.executeScript("return sessionStorage.getItem('seqae.api-key')"));
                assertEquals(0L, driver.executeScript("return localStorage.length"), "nothing kept beyond the tab");
                assertEquals("", driver.findElement(By.id("api-key")).getAttribute("value"), "the field is cleared");
            } finally {
                driver.quit();
            }
        }
    }

    @Test
    void loadUploadScoreAndProject() throws IOException {
        ChromeDriver driver = browser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            JavascriptExecutor js = driver;
            driver.get(server.getURL() + "/");
            wait.until(d -> d.findElements(By.cssSelector("#model option")).size() == 1);
            wait.until(d -> !d.findElements(By.cssSelector("#loss-chart canvas")).isEmpty());
            assertTrue(driver.findElement(By.id("model-info")).getText().contains("1 feature(s)"));

            driver.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
            wait.until(d -> !d.findElement(By.id("csv")).getAttribute("value").isBlank());
            driver.findElement(By.id("score")).click();
            wait.until(d -> d.findElement(By.id("status")).getText().startsWith("scored"));
            assertTrue(driver.findElement(By.id("status")).getText().startsWith("scored 20 sequences"),
                    driver.findElement(By.id("status")).getText());
            wait.until(d -> !d.findElements(By.cssSelector("#score-chart canvas")).isEmpty());
            Object bars = js.executeScript("return echarts.getInstanceByDom(document.getElementById('score-chart'))"
                    + ".getOption().series[0].data.length");
            assertEquals(20L, bars);

            driver.findElement(By.id("project")).click();
            wait.until(d -> d.findElement(By.id("latent-status")).getText().startsWith("PCA of 20"));
            Object points = js.executeScript("var o = echarts.getInstanceByDom(document.getElementById("
                    + "'latent-chart')).getOption(); return o.series[0].data.length + o.series[1].data.length");
            assertEquals(20L, points);

            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            Files.write(shots.resolve("web-page.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.quit();
        }
    }

    /**
     * The live view: a stream fed over HTTP is drawn — its points, smoothed score and threshold, its
     * anomalies shaded as its events say — and, following it, the chart grows as more points arrive.
     */
    @Test
    void theLiveViewDrawsAStreamAsItsPointsArrive() throws Exception {
        Path dir = Files.createTempDirectory("seqae-web-live");
        ModelConfig cfg = ModelConfig.defaults().withLayers(new int[] {6}, 3, new int[] {6})
                .withTraining(1e-2, 32, 2, 0, 0.2, 11).withData(dev.seqae.data.Normalizer.Kind.ZSCORE, 16, 2);
        ModelFile.save(new Trainer(cfg, null).fit(new dev.seqae.data.TimeSeries("train", null,
                SyntheticGenerator.series(600, 0, 3).values(), new String[] {"v"}), "toy"), dir.resolve("sine.seqae"));
        float[][] series = SyntheticGenerator.series(300, 3, 9).values();
        try (EmbeddedServer live = io.micronaut.context.ApplicationContext.run(EmbeddedServer.class, Map.of(
                "seqae.models-dir", dir.toString(), "micronaut.server.port", -1, "seqae.api-key", "live-key",
                "seqae.retraining.enabled", false, "seqae.intake.url", "jdbc:h2:file:" + dir.resolve("intake")
                        + dev.seqae.intake.RecordStore.H2_OPTIONS))) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.util.function.BiFunction<String, String, Integer> send = (method, body) -> {
                try {
                    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(live.getURL()
                                    + "/api/v1/streams/cpu" + (method.equals("PUT") ? "" : "/points")))
                            .header("X-API-Key", "live-key").header("Content-Type", "application/json")
                            .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            };
            assertEquals(201, send.apply("PUT", "{\"model\": \"sine\", \"smoothing\": 4, \"close_after\": 5}"));
            assertEquals(200, send.apply("POST", StreamsServiceTest.pointsBody(series, 0, 200)));
            ChromeDriver driver = browser();
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                JavascriptExecutor js = driver;
                driver.get(live.getURL() + "/");
                wait.until(d -> d.findElements(By.cssSelector("#stream option")).size() == 1);
                wait.until(d -> d.findElement(By.id("stream-info")).getText().startsWith("cpu: model sine; 200 points"));
                String option = "var o = echarts.getInstanceByDom(document.getElementById('stream-chart')).getOption(); ";
                assertEquals(200L, js.executeScript(option + "return o.series[0].data.length"));
                // the shaded intervals are the stream's: its closed events, and the open one if any
                com.fasterxml.jackson.databind.JsonNode events = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(live.getURL()
                                + "/api/v1/streams/cpu/events?limit=1000")).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString()).body()).get("events");
                long closed = 0;
                long opened = 0;
                for (com.fasterxml.jackson.databind.JsonNode e : events) {
                    closed += e.get("kind").asText().equals("closed") ? 1 : 0;
                    opened += e.get("kind").asText().equals("opened") ? 1 : 0;
                }
                assertTrue(opened >= 1, "the series' spikes open anomalies: " + events);
                assertEquals(opened, js.executeScript(option + "return o.series[0].markArea.data.length"),
                        "one shaded area per anomaly (" + closed + " closed)");

                assertEquals(200, send.apply("POST", StreamsServiceTest.pointsBody(series, 200, 300)));
                wait.until(d -> Long.valueOf(300L).equals(js.executeScript(option + "return o.series[0].data.length")));
                assertTrue(driver.findElement(By.id("stream-info")).getText().contains("300 points, 300 scored"),
                        driver.findElement(By.id("stream-info")).getText());
                Path shots = Path.of("target", "screenshots");
                Files.createDirectories(shots);
                org.openqa.selenium.WebElement view = driver.findElement(By.id("stream-chart"));
                js.executeScript("arguments[0].scrollIntoView()", view);
                Files.write(shots.resolve("web-page-live.png"), view.getScreenshotAs(OutputType.BYTES));
            } finally {
                driver.quit();
            }
        }
    }

}
