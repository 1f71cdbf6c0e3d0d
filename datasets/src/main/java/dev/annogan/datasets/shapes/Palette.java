package dev.annogan.datasets.shapes;

import java.awt.Color;
import java.util.Random;

/**
 * Random colours for the shapes dataset: muted ones for backgrounds and clutter, saturated ones for
 * shapes, so shapes usually stand out but not always by the same margin.
 */
final class Palette {

    private Palette() {}

    /** Returns a low-saturation colour of medium brightness. */
    static Color muted(Random random) {
        return hsb(random, 0.05f, 0.45f, 0.25f, 0.9f);
    }

    /** Returns a saturated, bright colour. */
    static Color vivid(Random random) {
        return hsb(random, 0.55f, 1f, 0.5f, 1f);
    }

    /** Returns the colour with each channel moved by up to {@code amount} levels. */
    static Color jitter(Color color, int amount, Random random) {
        return new Color(
                clamp(color.getRed() + random.nextInt(2 * amount + 1) - amount),
                clamp(color.getGreen() + random.nextInt(2 * amount + 1) - amount),
                clamp(color.getBlue() + random.nextInt(2 * amount + 1) - amount));
    }

    /** Clamps a channel value to 0..255. */
    static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static Color hsb(Random random, float sMin, float sMax, float bMin, float bMax) {
        float hue = random.nextFloat();
        float saturation = sMin + (sMax - sMin) * random.nextFloat();
        float brightness = bMin + (bMax - bMin) * random.nextFloat();
        return new Color(Color.HSBtoRGB(hue, saturation, brightness));
    }
}
