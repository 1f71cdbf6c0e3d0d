package dev.annogan.datasets.shapes;

import java.util.List;
import java.util.Locale;

/**
 * The classes of the synthetic shapes dataset, each able to produce its exact outline as a polygon.
 *
 * <p>Category ids are {@code ordinal() + 1}, so they run 1..K as COCO expects; the category name is
 * the lower-case constant name. Outlines use {@link StrictMath} so the same seed gives the same
 * coordinates on every JVM and CPU.
 */
public enum ShapeKind {
    /** A disc, as a polygon with a vertex about every 1.5 pixels of its circumference. */
    CIRCLE,
    /** A square with its corners on the circle of the given radius. */
    SQUARE,
    /** An equilateral triangle with its corners on the circle of the given radius. */
    TRIANGLE,
    /** A five-pointed star, inner radius 0.45 of the outer. */
    STAR,
    /** A regular hexagon with its corners on the circle of the given radius. */
    HEXAGON,
    /** A plus sign whose arms are 0.7 of the radius wide. */
    CROSS;

    /**
     * The scene themes: an image picks one and draws most of its shapes from it, so that labels
     * co-occur as in real data (forks with knives, cars with traffic lights). Each kind belongs to
     * exactly one theme.
     */
    public static final List<List<ShapeKind>> THEMES =
            List.of(List.of(CIRCLE, SQUARE), List.of(TRIANGLE, STAR), List.of(HEXAGON, CROSS));

    /** The fewest vertices a circle outline gets, however small. */
    private static final int MIN_CIRCLE_VERTICES = 16;

    /**
     * Returns the COCO category id of this kind.
     *
     * @return {@code ordinal() + 1}
     */
    public int categoryId() {
        return ordinal() + 1;
    }

    /**
     * Returns the COCO category name of this kind.
     *
     * @return the lower-case name, e.g. {@code "circle"}
     */
    public String categoryName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the outline of a shape as a flat {@code [x0, y0, x1, y1, ...]} polygon, every vertex
     * within {@code radius} of the centre and rounded to hundredths of a pixel (the precision
     * written to the annotations, so drawing and annotation use the very same polygon).
     *
     * @param cx the centre's x in pixels
     * @param cy the centre's y in pixels
     * @param radius the radius of the circle that holds the shape
     * @param rotation the rotation in radians
     * @return the polygon
     */
    public double[] outline(double cx, double cy, double radius, double rotation) {
        double[] polar =
                switch (this) {
                    case CIRCLE -> regular(circleVertices(radius), 1, 1);
                    case SQUARE -> regular(4, 1, 1);
                    case TRIANGLE -> regular(3, 1, 1);
                    case STAR -> regular(10, 1, 0.45);
                    case HEXAGON -> regular(6, 1, 1);
                    case CROSS -> cross(0.35);
                };
        double cos = StrictMath.cos(rotation);
        double sin = StrictMath.sin(rotation);
        double[] xy = new double[polar.length];
        for (int i = 0; i < polar.length; i += 2) {
            double x = polar[i] * radius;
            double y = polar[i + 1] * radius;
            xy[i] = round(cx + x * cos - y * sin);
            xy[i + 1] = round(cy + x * sin + y * cos);
        }
        return xy;
    }

    private static int circleVertices(double radius) {
        return Math.max(MIN_CIRCLE_VERTICES, (int) Math.ceil(2 * Math.PI * radius / 1.5));
    }

    /** Unit-radius vertices of a regular polygon, alternating between two radii for stars. */
    private static double[] regular(int vertices, double outer, double inner) {
        double[] xy = new double[2 * vertices];
        for (int i = 0; i < vertices; i++) {
            double r = i % 2 == 0 ? outer : inner;
            // Start at the top so an unrotated triangle or star points up.
            double angle = -Math.PI / 2 + 2 * Math.PI * i / vertices;
            xy[2 * i] = r * StrictMath.cos(angle);
            xy[2 * i + 1] = r * StrictMath.sin(angle);
        }
        return xy;
    }

    /** A plus sign of half-width {@code a}, its arm ends scaled to stay within the unit circle. */
    private static double[] cross(double a) {
        double e = StrictMath.sqrt(1 - a * a);
        return new double[] {
            -a, -e, a, -e, a, -a, e, -a, e, a, a, a, a, e, -a, e, -a, a, -e, a, -e, -a, -a, -a
        };
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
