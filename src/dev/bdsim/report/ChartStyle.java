package dev.bdsim.report;

import org.jfree.svg.SVGUnits;

import java.awt.Font;
import java.util.Arrays;
import java.util.Locale;

/**
 * The size and type of a sweep's charts. {@code screen} draws for a monitor (900 × 560 px); the paper
 * styles draw at the width of one column (3.5 in) or of a page (7 in) of a two-column paper, with
 * type sizes that stay legible printed at that width, as PNG at 300 dpi and SVG in points with its
 * text kept as text, and without a title (the figure's caption carries it).
 */
public enum ChartStyle {
    SCREEN(900, 560, SVGUnits.PX, 72, true, 18, 15, 13, 5),
    COLUMN(252, 200, SVGUnits.PT, 300, false, 8, 7, 6, 1.8),
    PAGE(504, 280, SVGUnits.PT, 300, false, 9, 8, 7, 2.4);

    /** Size of the drawing, in the SVG's units (px for the screen, pt for paper). */
    public final int width;
    public final int height;
    public final SVGUnits svgUnits;
    /** Resolution of the PNG; the drawing is scaled by dpi / 72. */
    public final int dpi;
    /** Whether charts carry their title; a paper's figure caption says it instead. */
    final boolean titled;
    final Font title;
    final Font label;
    final Font tick;
    /** Radius of a scatter marker, in drawing units. */
    final double marker;

    ChartStyle(int width, int height, SVGUnits svgUnits, int dpi, boolean titled, int title, int label, int tick, double marker) {
        this.width = width;
        this.height = height;
        this.svgUnits = svgUnits;
        this.dpi = dpi;
        this.titled = titled;
        this.title = new Font(Font.SANS_SERIF, Font.BOLD, title);
        this.label = new Font(Font.SANS_SERIF, Font.PLAIN, label);
        this.tick = new Font(Font.SANS_SERIF, Font.PLAIN, tick);
        this.marker = marker;
    }

    /** The PNG's size in pixels. */
    public int pngWidth() {
        return (int) Math.round(width * scale());
    }

    public int pngHeight() {
        return (int) Math.round(height * scale());
    }

    double scale() {
        return dpi / 72.0;
    }

    /** The name users write ({@code screen}, {@code column}, {@code page}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChartStyle parse(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst().orElseThrow(() -> new dev.bdsim.BadInputException(
                "unknown chart style '" + id + "': use screen, column (one column of a paper, 3.5 in) or page (two columns, 7 in)"));
    }
}
