package dev.seqae.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A minimal headless line chart (Java 2D, no charting library): panels side by side, each with
 * measured points joined by a line and a dashed reference series (for instance linear growth from
 * the first point). Used for the scaling figure in docs/.
 */
final class LinePlot {
    /** One panel: x and y values with axis labels, and a dashed reference series with its label. */
    record Panel(String title, String xLabel, String yLabel, double[] x, double[] y, double[] reference,
                 String referenceLabel) {
    }

    private static final int PANEL_W = 420;
    private static final int PANEL_H = 320;
    private static final int MARGIN = 56;

    private LinePlot() {
    }

    static void writePng(List<Panel> panels, OutputStream out) throws IOException {
        BufferedImage img = new BufferedImage(PANEL_W * panels.size(), PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            draw(g, panels.get(i), i * PANEL_W);
        }
        g.dispose();
        ImageIO.write(img, "png", out);
    }

    private static void draw(Graphics2D g, Panel p, int left) {
        double maxX = 0;
        double maxY = 0;
        for (int i = 0; i < p.x().length; i++) {
            maxX = Math.max(maxX, p.x()[i]);
            maxY = Math.max(maxY, Math.max(p.y()[i], p.reference()[i]));
        }
        maxY *= 1.1;
        int x0 = left + MARGIN;
        int y0 = PANEL_H - MARGIN;
        int w = PANEL_W - MARGIN - 20;
        int h = PANEL_H - MARGIN - 36;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(p.title(), x0, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawLine(x0, y0, x0 + w, y0);
        g.drawLine(x0, y0, x0, y0 - h);
        g.drawString(p.xLabel(), x0 + w / 2 - 30, PANEL_H - 12);
        g.drawString(p.yLabel(), left + 4, y0 - h - 8);
        for (int k = 0; k <= 4; k++) {
            double v = maxY * k / 4;
            int yy = y0 - (int) (h * k / 4.0);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(x0 + 1, yy, x0 + w, yy);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.1f", v), left + 8, yy + 4);
        }
        for (double xv : p.x()) {
            int xx = x0 + (int) (w * xv / maxX);
            g.drawLine(xx, y0, xx, y0 + 4);
            g.drawString(String.format("%.0f", xv), xx - 10, y0 + 18);
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 5f}, 0f));
        polyline(g, p.x(), p.reference(), x0, y0, w, h, maxX, maxY, false);
        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(31, 119, 180));
        polyline(g, p.x(), p.y(), x0, y0, w, h, maxX, maxY, true);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.DARK_GRAY);
        g.drawString("measured", x0 + 10, y0 - h + 4);
        g.setColor(Color.GRAY);
        g.drawString("- - " + p.referenceLabel(), x0 + 10, y0 - h + 18);
    }

    private static void polyline(Graphics2D g, double[] x, double[] y, int x0, int y0, int w, int h, double maxX,
                                 double maxY, boolean dots) {
        int px = -1;
        int py = -1;
        for (int i = 0; i < x.length; i++) {
            int xx = x0 + (int) (w * x[i] / maxX);
            int yy = y0 - (int) (h * y[i] / maxY);
            if (dots) {
                g.fillOval(xx - 4, yy - 4, 8, 8);
            }
            if (px >= 0) {
                g.drawLine(px, py, xx, yy);
            }
            px = xx;
            py = yy;
        }
    }
}
