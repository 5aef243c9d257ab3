package dev.ladder.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The cache-eval chart, drawn with Java2D (headless) into a PNG: precision and recall against the threshold
 * (top), the false-hit rate in percent with the 1 % line (bottom), and the default threshold marked in both.
 */
final class EvalChart {

    private static final int W = 900;
    private static final int H = 640;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;

    private EvalChart() {
    }

    static void write(Path file, List<CacheEvalCommand.Point> points, double defaultThreshold, String model)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString("Semantic cache on labelled pairs (" + model + "): precision, recall and false-hit rate by "
                + "cosine threshold", LEFT, 22);
        double x0 = points.getFirst().threshold();
        double x1 = points.getLast().threshold();
        Panel top = new Panel(40, 330, 0, 1, "precision / recall");
        Panel bottom = new Panel(380, 590, 0, 10, "false-hit rate (%)");
        for (Panel p : List.of(top, bottom)) {
            p.axes(g, x0, x1);
            p.vertical(g, x0, x1, defaultThreshold, new Color(120, 120, 120),
                    String.format(Locale.ROOT, "default %.4f", defaultThreshold));
        }
        bottom.horizontal(g, x0, x1, 1.0, new Color(200, 60, 60), "1 %");
        top.line(g, points, x0, x1, CacheEvalCommand.Point::precision, new Color(30, 90, 200), "precision");
        top.line(g, points, x0, x1, CacheEvalCommand.Point::recall, new Color(20, 150, 70), "recall");
        bottom.line(g, points, x0, x1, p -> 100 * p.falseHitRate(), new Color(200, 60, 60), "false-hit rate");
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private record Panel(int top, int bottom, double y0, double y1, String label) {

        int x(double v, double x0, double x1) {
            return LEFT + (int) Math.round((v - x0) / (x1 - x0) * (W - LEFT - RIGHT));
        }

        int y(double v) {
            double c = Math.max(y0, Math.min(y1, v));
            return bottom - (int) Math.round((c - y0) / (y1 - y0) * (bottom - top));
        }

        void axes(Graphics2D g, double x0, double x1) {
            g.setColor(new Color(235, 235, 235));
            for (int i = 0; i <= 5; i++) {
                int yy = y(y0 + i * (y1 - y0) / 5);
                g.drawLine(LEFT, yy, W - RIGHT, yy);
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, top, W - LEFT - RIGHT, bottom - top);
            for (int i = 0; i <= 5; i++) {
                double v = y0 + i * (y1 - y0) / 5;
                g.drawString(String.format(Locale.ROOT, y1 > 1 ? "%.0f" : "%.1f", v), LEFT - 32, y(v) + 4);
            }
            for (double t = Math.ceil(x0 * 100) / 100; t <= x1 + 1e-9; t += 0.02) {
                int xx = x(t, x0, x1);
                g.drawLine(xx, bottom, xx, bottom + 4);
                g.drawString(String.format(Locale.ROOT, "%.2f", t), xx - 12, bottom + 17);
            }
            g.drawString(label, LEFT + 6, top + 14);
        }

        void vertical(Graphics2D g, double x0, double x1, double at, Color c, String text) {
            g.setColor(c);
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            int xx = x(at, x0, x1);
            g.drawLine(xx, top, xx, bottom);
            g.setStroke(new BasicStroke(1));
            g.drawString(text, xx + 4, bottom - 6);
        }

        void horizontal(Graphics2D g, double x0, double x1, double at, Color c, String text) {
            g.setColor(c);
            g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            g.drawLine(LEFT, y(at), W - RIGHT, y(at));
            g.setStroke(new BasicStroke(1));
            g.drawString(text, W - RIGHT - 30, y(at) - 4);
        }

        void line(Graphics2D g, List<CacheEvalCommand.Point> points, double x0, double x1,
                ToDoubleFunction<CacheEvalCommand.Point> value, Color c, String name) {
            g.setColor(c);
            g.setStroke(new BasicStroke(2));
            for (int i = 1; i < points.size(); i++) {
                var a = points.get(i - 1);
                var b = points.get(i);
                g.drawLine(x(a.threshold(), x0, x1), y(value.applyAsDouble(a)), x(b.threshold(), x0, x1),
                        y(value.applyAsDouble(b)));
            }
            g.setStroke(new BasicStroke(1));
            var last = points.getLast();
            g.drawString(name, Math.min(x(last.threshold(), x0, x1) - 70, W - RIGHT - 90),
                    y(value.applyAsDouble(last)) - 6);
        }
    }
}
