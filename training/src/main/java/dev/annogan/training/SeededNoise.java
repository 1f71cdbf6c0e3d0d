package dev.annogan.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Standard normal and uniform noise as a pure function of (seed, step, draw): the engine's own
 * generator has no state that DJL can save, so a resumed run could not draw what the uninterrupted
 * run drew.
 */
final class SeededNoise {

    private final long seed;

    SeededNoise(long seed) {
        this.seed = seed;
    }

    /** Returns noise for the {@code draw}-th request of step {@code step}. */
    NDArray sample(NDManager manager, Shape shape, long step, int draw) {
        SplittableRandom random = new SplittableRandom(mix(seed, step, draw));
        float[] values = new float[Math.toIntExact(shape.size())];
        // Marsaglia's polar method: two normals per accepted pair, from uniforms only.
        for (int i = 0; i < values.length; ) {
            double u = 2 * random.nextDouble() - 1;
            double v = 2 * random.nextDouble() - 1;
            double s = u * u + v * v;
            if (s >= 1 || s == 0) {
                continue;
            }
            double factor = Math.sqrt(-2 * Math.log(s) / s);
            values[i++] = (float) (u * factor);
            if (i < values.length) {
                values[i++] = (float) (v * factor);
            }
        }
        return manager.create(values, shape);
    }

    /**
     * Returns values uniform in {@code [0, 1)} for the {@code draw}-th request of step {@code
     * step}.
     */
    NDArray uniform(NDManager manager, Shape shape, long step, int draw) {
        SplittableRandom random = new SplittableRandom(mix(seed, step, draw));
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return manager.create(values, shape);
    }

    /**
     * Returns a Java generator for draw {@code draw} of step {@code step}, for choices made on the
     * host (augmentation boxes, shifts); the same (seed, step, draw) gives the same generator.
     */
    SplittableRandom random(long step, int draw) {
        return new SplittableRandom(mix(seed, step, draw));
    }

    private static long mix(long seed, long step, int draw) {
        long h = seed * 0x9E3779B97F4A7C15L + step;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + draw;
        return h ^ (h >>> 29);
    }
}
