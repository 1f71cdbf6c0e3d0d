package dev.annogan.datasets.shapes;

/**
 * What the scenes of a shapes dataset hold: how many shapes, how large, how often a crowd, how
 * strongly an image keeps to its theme. The textures, clutter, occlusion and noise come with every
 * style.
 *
 * @param minShapes the least number of single shapes an image gets, at least 1
 * @param maxShapes the most, at least {@code minShapes}
 * @param minRadius the least shape radius as a fraction of the image side, in (0, 0.5]
 * @param maxRadius the largest, in {@code [minRadius, 0.5]}
 * @param crowdFraction the probability that an image gets a crowd region, in [0, 1]
 * @param themeStrength the probability that a shape's kind comes from the image's theme, in [0, 1]
 */
record SceneStyle(
        int minShapes,
        int maxShapes,
        double minRadius,
        double maxRadius,
        double crowdFraction,
        double themeStrength) {

    /** The default style: 2 to 6 shapes of radius 6% to 22% of the side, 10% crowds, theme 0.8. */
    static final SceneStyle DEFAULT = new SceneStyle(2, 6, 0.06, 0.22, 0.1, 0.8);

    /** Checks the values, naming the first one out of range. */
    SceneStyle {
        if (minShapes < 1 || maxShapes < minShapes) {
            throw new IllegalArgumentException(
                    "shapes per image must satisfy 1 <= min <= max, got "
                            + minShapes
                            + ".."
                            + maxShapes);
        }
        if (!(minRadius > 0 && minRadius <= maxRadius && maxRadius <= 0.5)) {
            throw new IllegalArgumentException(
                    "shape size must satisfy 0 < min <= max <= 0.5 of the side, got "
                            + minRadius
                            + ".."
                            + maxRadius);
        }
        if (!(crowdFraction >= 0 && crowdFraction <= 1)) {
            throw new IllegalArgumentException(
                    "crowd fraction must be in [0, 1], got " + crowdFraction);
        }
        if (!(themeStrength >= 0 && themeStrength <= 1)) {
            throw new IllegalArgumentException(
                    "theme strength must be in [0, 1], got " + themeStrength);
        }
    }
}
