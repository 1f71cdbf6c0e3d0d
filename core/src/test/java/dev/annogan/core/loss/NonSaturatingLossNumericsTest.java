package dev.annogan.core.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.annogan.core.NDManagerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The non-saturating loss stays finite and correct for confident logits and has the right gradient.
 */
@ExtendWith(NDManagerExtension.class)
class NonSaturatingLossNumericsTest {

    @Test
    void softplusIsFiniteAndAsymptoticForLargeLogits(NDManager manager) {
        // ln(1 + e^100) overflows in float32 when written naively; softplus(100) = 100 + ~4e-44
        // and softplus(-100) = ~4e-44.
        float[] values =
                NonSaturatingLoss.softplus(manager.create(new float[] {100f, -100f, 1000f, -1000f}))
                        .toFloatArray();
        assertEquals(100f, values[0], 0f);
        assertTrue(values[1] >= 0f && values[1] < 1e-30f, "softplus(-100) = " + values[1]);
        assertEquals(1000f, values[2], 0f);
        assertTrue(values[3] >= 0f && values[3] < 1e-30f, "softplus(-1000) = " + values[3]);
    }

    @Test
    void discriminatorAndGeneratorLossesAreFiniteForLogitsOfHundred(NDManager manager) {
        NDArray logits = manager.create(new float[] {100f, -100f});
        NonSaturatingLoss loss = new NonSaturatingLoss();
        // D: mean(softplus(-100), softplus(100)) + mean(softplus(100), softplus(-100))
        //  = (0 + 100) / 2 + (100 + 0) / 2 = 100
        assertEquals(100f, loss.discriminatorLoss(logits, logits).getFloat(), 1e-4f);
        // G: mean(softplus(-100), softplus(100)) = 50
        assertEquals(50f, loss.generatorLoss(logits).getFloat(), 1e-4f);
        // Confidently right: real at +100, fake at -100, nearly zero loss, not NaN.
        float confident = loss.discriminatorLoss(logits.get("0:1"), logits.get("1:2")).getFloat();
        assertTrue(confident >= 0f && confident < 1e-30f, "loss = " + confident);
    }

    @Test
    void generatorLossGradientIsMinusSigmoidOfMinusLogitOverBatch(NDManager manager) {
        float[] x = {2f, -1f, 0.5f, -3f, 0f, 100f, -100f};
        NDArray logits = manager.create(x);
        logits.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(new NonSaturatingLoss().generatorLoss(logits));
        }
        // d/dx mean(softplus(-x)) = -sigmoid(-x) / n
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = (float) (-1.0 / (1.0 + Math.exp(x[i])) / x.length);
        }
        // e.g. x = 2: -sigmoid(-2) / 7 = -0.1192029220 / 7 = -0.0170289889;
        //      x = 0: -0.5 / 7; x = -100: -1 / 7; x = 100: about -5e-45.
        assertEquals(-0.0170289889f, expected[0], 1e-9f);
        assertArrayEquals(expected, logits.getGradient().toFloatArray(), 1e-7f);
    }

    @Test
    void labelSmoothingOutsideZeroToHalfIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new NonSaturatingLoss(-0.1f));
        // 0.9 is the smoothed target, not the smoothing: a common mix-up.
        assertThrows(IllegalArgumentException.class, () -> new NonSaturatingLoss(0.9f));
        assertThrows(IllegalArgumentException.class, () -> new NonSaturatingLoss(Float.NaN));
    }
}
