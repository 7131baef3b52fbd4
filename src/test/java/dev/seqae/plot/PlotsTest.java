package dev.seqae.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.anomaly.Interval;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;

/** Every picture is a PNG of the requested size with something drawn on it. */
class PlotsTest {
    static BufferedImage render(JFreeChart chart, int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Plots.png(chart, w, h, out);
        assertTrue(out.size() > 1000, "PNG bytes " + out.size());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
        assertNotNull(img, "decodes as an image");
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        return img;
    }

    /** How many distinct colours the image has: a blank or one-colour image has 1. */
    static long colours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    @Test
    void theFourPicturesRenderAtTheRequestedSize() throws IOException {
        double[][] xy = {{0, 0}, {1, 1}, {2, 0.5}, {3, 2}};
        String[] group = {"normal", "normal", "anomaly", "normal"};
        assertTrue(colours(render(Plots.latentScatter("latent", "4 points", xy, group, "PC1", "PC2"), 640, 480)) > 10);
        assertTrue(colours(render(Plots.scoreHistogram("scores", new double[] {0.1, 0.2, 0.2, 0.9}, group, 0.5, 20),
                800, 500)) > 10);
        double[] series = new double[500];
        for (int i = 0; i < series.length; i++) {
            series[i] = Math.sin(i / 10.0);
        }
        assertTrue(colours(render(Plots.seriesWithIntervals("series", series, "value",
                List.of(new Interval(100, 120, 2, 110, 1))), 900, 300)) > 10);
        assertTrue(colours(render(Plots.lossCurves("loss", List.of(1.0, 0.5, 0.3), List.of(1.1, 0.6, 0.4), 3),
                300, 200)) > 10);
    }

    @Test
    void absurdSizesAreRefused() {
        var chart = Plots.lossCurves("loss", List.of(1.0), null, 1);
        assertThrows(IllegalArgumentException.class, () -> Plots.png(chart, 50, 50, new ByteArrayOutputStream()));
        assertThrows(IllegalArgumentException.class, () -> Plots.png(chart, 9000, 500, new ByteArrayOutputStream()));
    }
}
