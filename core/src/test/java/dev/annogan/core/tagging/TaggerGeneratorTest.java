package dev.annogan.core.tagging;

import static dev.annogan.core.nn.BlockChecks.forward;
import static dev.annogan.core.nn.BlockChecks.parameterCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.NDManagerExtension;
import dev.annogan.core.nn.BlockChecks;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tagger maps an image and noise to one logit per label. */
@ExtendWith(NDManagerExtension.class)
class TaggerGeneratorTest {

    private static final int LABELS = 5;

    @Test
    void outputIsOneLogitPerLabelAsDeclared(NDManager manager) {
        TaggerGenerator tagger = small().build();
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 32, 32));
        NDArray noise = tagger.sampleNoise(manager, 2);
        tagger.initialize(manager, DataType.FLOAT32, images.getShape(), noise.getShape());

        NDArray logits = forward(tagger, new NDList(images, noise)).singletonOrThrow();

        assertEquals(new Shape(2, 16), noise.getShape());
        assertEquals(new Shape(2, LABELS), logits.getShape());
        BlockChecks.assertDeclaredShapesMatchForward(tagger, new NDList(images, noise));
        BlockChecks.assertDeclaredShapesMatchForward(tagger, new NDList(images));
    }

    @Test
    void missingNoiseMeansZeroNoiseAndOtherNoiseChangesTheLogits(NDManager manager) {
        TaggerGenerator tagger = small().build();
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 32, 32));
        tagger.initialize(manager, DataType.FLOAT32, images.getShape());
        NDArray zeros = manager.zeros(new Shape(2, 16));

        float[] withoutNoise = forward(tagger, new NDList(images)).head().toFloatArray();
        float[] withZeros = forward(tagger, new NDList(images, zeros)).head().toFloatArray();
        float[] withNoise =
                forward(tagger, new NDList(images, tagger.sampleNoise(manager, 2)))
                        .head()
                        .toFloatArray();

        assertArrayEquals(withZeros, withoutNoise);
        assertFalse(Arrays.equals(withZeros, withNoise));
    }

    @Test
    void deterministicTaggerTakesTheImageAlone(NDManager manager) {
        TaggerGenerator tagger = small().optNoiseDim(0).build();
        NDArray images = manager.zeros(new Shape(2, 3, 32, 32));
        tagger.initialize(manager, DataType.FLOAT32, images.getShape());
        // encoder 8,16,32 channels: 3*8*16+8 + 8*16*16+16 + 16*32*16+32 = 10680;
        // head: 512 features -> 12 hidden -> 5 labels: 512*12+12 + 12*5+5 = 6221
        assertEquals(10680 + 6221, parameterCount(tagger));
        assertEquals(new Shape(2, LABELS), forward(tagger, new NDList(images)).head().getShape());
        assertThrows(
                IllegalArgumentException.class,
                () -> forward(tagger, new NDList(images, manager.zeros(new Shape(2, 1)))));
    }

    @Test
    void wrongImageOrNoiseShapesAreRejectedWithTheExpectedShapes() {
        TaggerGenerator tagger = small().build();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> tagger.getOutputShapes(new Shape[] {new Shape(2, 1, 32, 32)}));
        assertTrue(error.getMessage().contains("(N, 3, 32, 32)"), error.getMessage());
        error =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                tagger.getOutputShapes(
                                        new Shape[] {new Shape(2, 3, 32, 32), new Shape(2, 8)}));
        assertTrue(error.getMessage().contains("noise (N, 16)"), error.getMessage());
    }

    @Test
    void builderRequiresLabelsAndInputSize() {
        assertThrows(
                IllegalArgumentException.class,
                () -> TaggerGenerator.builder().setInputSize(32).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> TaggerGenerator.builder().setNumLabels(3).build());
        assertThrows(IllegalArgumentException.class, () -> small().optNoiseDim(-1).build());
        assertThrows(IllegalArgumentException.class, () -> small().optHidden(0).build());
    }

    @Test
    void adamFitsFixedLogitsThroughEveryParameter(NDManager manager) {
        TaggerGenerator tagger = small().build();
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 32, 32));
        NDArray noise = manager.randomNormal(new Shape(2, 16));
        NDArray target =
                manager.create(new float[] {2, -2, -2, 2, -2, -2, 2, 2, -2, 2}, new Shape(2, 5));
        BlockChecks.assertTrainsToFitTarget(tagger, new NDList(images, noise), target, 40);
    }

    private static TaggerGenerator.Builder small() {
        return TaggerGenerator.builder()
                .setNumLabels(LABELS)
                .setInputSize(32)
                .optWidth(8)
                .optHidden(12);
    }
}
