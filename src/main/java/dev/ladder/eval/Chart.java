package dev.ladder.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Small PNG charts drawn with Java2D (headless, no chart library): line charts for routing curves and cost /
 * quality frontiers, horizontal bars for tier mixes.
 */
final class Chart {

    static final int WIDTH = 960;
    static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 250;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

    enum Style { SOLID, DASHED, DOTTED, POINTS }

    /** One line: its legend label, points (x, y) and style; {@code color} null picks from the palette. */
    record Series(String label, double[][] points, Style style, Color color) {
    }

    private Chart() {
    }

    static Color gray() {
        return new Color(0x7f7f7f);
    }

    static Color black() {
        return Color.BLACK;
    }

    static void lines(Path file, String title, String xLabel, String yLabel, List<Series> series, double xMin,
            double xMax, boolean xPercent, boolean yPercent) {
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double[] p : s.points()) {
                yMin = Math.min(yMin, p[1]);
                yMax = Math.max(yMax, p[1]);
            }
        }
        double pad = Math.max(1e-9, (yMax - yMin) * 0.06);
        yMin -= pad;
        yMax += pad;
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        Frame f = new Frame(xMin, xMax, yMin, yMax, plotW, plotH);
        axes(g, f, xLabel, yLabel, xPercent, yPercent);
        int color = 0;
        int legendY = TOP + 10;
        for (Series s : series) {
            Color c = s.color() != null ? s.color() : PALETTE[color++ % PALETTE.length];
            g.setColor(c);
            g.setStroke(stroke(s.style()));
            if (s.style() == Style.POINTS) {
                for (double[] p : s.points()) {
                    g.fillOval((int) f.x(p[0]) - 3, (int) f.y(p[1]) - 3, 7, 7);
                }
            } else {
                Path2D path = new Path2D.Double();
                for (int i = 0; i < s.points().length; i++) {
                    double[] p = s.points()[i];
                    if (i == 0) {
                        path.moveTo(f.x(p[0]), f.y(p[1]));
                    } else {
                        path.lineTo(f.x(p[0]), f.y(p[1]));
                    }
                }
                g.draw(path);
            }
            g.setStroke(stroke(s.style()));
            if (s.style() == Style.POINTS) {
                g.fillOval(WIDTH - RIGHT + 20, legendY - 4, 7, 7);
            } else {
                g.drawLine(WIDTH - RIGHT + 15, legendY, WIDTH - RIGHT + 45, legendY);
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (String line : s.label().split("\n")) {
                g.drawString(line, WIDTH - RIGHT + 52, legendY + 4);
                legendY += 16;
            }
            legendY += 6;
        }
        write(image, file);
    }

    /** Horizontal bars, one row per label, each split into segments (e.g. simple / medium / complex). */
    static void bars(Path file, String title, List<String> rows, List<String> segments, double[][] values) {
        int height = Math.max(240, TOP + BOTTOM + rows.size() * 34);
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, title);
        int left = 200;
        int plotW = WIDTH - left - 60;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int r = 0; r < rows.size(); r++) {
            double total = 0;
            for (double v : values[r]) {
                total += v;
            }
            int y = TOP + 10 + r * 34;
            g.setColor(Color.DARK_GRAY);
            g.drawString(abbreviate(rows.get(r), 28), 10, y + 17);
            double x = left;
            for (int s = 0; s < segments.size(); s++) {
                double w = total == 0 ? 0 : plotW * values[r][s] / total;
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect((int) x, y, (int) Math.ceil(w), 24);
                if (w > 40) {
                    g.setColor(Color.WHITE);
                    g.drawString(String.format(Locale.ROOT, "%.0f%%", 100 * values[r][s] / total), (int) x + 4, y + 17);
                }
                x += w;
            }
        }
        int lx = left;
        int ly = height - 30;
        for (int s = 0; s < segments.size(); s++) {
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(lx, ly - 10, 14, 14);
            g.setColor(Color.DARK_GRAY);
            g.drawString(segments.get(s), lx + 20, ly + 2);
            lx += 140;
        }
        write(image, file);
    }

    private record Frame(double xMin, double xMax, double yMin, double yMax, int w, int h) {
        double x(double v) {
            return LEFT + (v - xMin) / (xMax - xMin) * w;
        }

        double y(double v) {
            return TOP + h - (v - yMin) / (yMax - yMin) * h;
        }
    }

    private static Graphics2D canvas(BufferedImage image, String title) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);
        return g;
    }

    private static void axes(Graphics2D g, Frame f, String xLabel, String yLabel, boolean xPercent, boolean yPercent) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 10; i++) {
            double xv = f.xMin() + (f.xMax() - f.xMin()) * i / 10;
            double yv = f.yMin() + (f.yMax() - f.yMin()) * i / 10;
            int x = (int) f.x(xv);
            int y = (int) f.y(yv);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(x, TOP, x, TOP + f.h());
            g.drawLine(LEFT, y, LEFT + f.w(), y);
            g.setColor(Color.DARK_GRAY);
            String xs = xPercent ? String.format(Locale.ROOT, "%.0f%%", 100 * xv) : compact(xv);
            String ys = yPercent ? String.format(Locale.ROOT, "%.1f%%", 100 * yv) : compact(yv);
            g.drawString(xs, x - g.getFontMetrics().stringWidth(xs) / 2, TOP + f.h() + 18);
            g.drawString(ys, LEFT - 8 - g.getFontMetrics().stringWidth(ys), y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, f.w(), f.h());
        g.drawString(xLabel, LEFT + f.w() / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, TOP + f.h() + 45);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, -(TOP + f.h() / 2 + r.getFontMetrics().stringWidth(yLabel) / 2), 20);
        r.dispose();
    }

    private static String compact(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static Stroke stroke(Style style) {
        return switch (style) {
            case SOLID, POINTS -> new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
            case DASHED -> new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {8, 6}, 0);
            case DOTTED -> new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, new float[] {2, 5}, 0);
        };
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static void write(BufferedImage image, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new EvalException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
