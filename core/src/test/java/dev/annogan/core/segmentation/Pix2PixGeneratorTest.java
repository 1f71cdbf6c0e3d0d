package dev.annogan.core.segmentation;

import static dev.annogan.core.nn.BlockChecks.forward;
import static dev.annogan.core.nn.BlockChecks.parameterCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.annogan.core.NDManagerExtension;
import dev.annogan.core.nn.BlockChecks;
import dev.annogan.core.nn.BufferedBlock;
import dev.annogan.core.nn.GradientFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pix2pix U-Net maps (N, C, H, W) images to (N, K, H, W) class logits. */
@ExtendWith(NDManagerExtension.class)
class Pix2PixGeneratorTest {

    @Test
    void outputHasOneLogitPerClassAndPixelAsDeclared(NDManager manager) {
        Pix2PixGenerator g = Pix2PixGenerator.builder().setNumClasses(5).optWidth(4).build();
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 16, 24));
        g.initialize(manager, DataType.FLOAT32, images.getShape());

        assertEquals(new Shape(2, 5, 16, 24), forward(g, new NDList(images)).head().getShape());
        BlockChecks.assertDeclaredShapesMatchForward(g, new NDList(images));
    }

    @Test
    void parameterCountIsTheReferenceWorkloadsAtItsShape(NDManager manager) {
        // W3 of shared/bench: d1 3->32, d2 32->64 BN, d3 64->128 BN (4x4 convs with bias);
        // u1 128->64 BN, u2 128->32 BN, u3 64->8 (4x4 transposed convs with bias).
        Pix2PixGenerator g = Pix2PixGenerator.builder().setNumClasses(8).build();
        g.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        long convs = (3 * 32 * 16 + 32) + (32 * 64 * 16 + 64) + (64 * 128 * 16 + 128);
        long transposed = (128 * 64 * 16 + 64) + (128 * 32 * 16 + 32) + (64 * 8 * 16 + 8);
        long norms = 2 * (64 + 128 + 64 + 32);
        assertEquals(convs + transposed + norms, parameterCount(g));
    }

    @Test
    void batchNormBuffersAreFoundByTheirPath(NDManager manager) {
        Pix2PixGenerator g = Pix2PixGenerator.builder().setNumClasses(3).optWidth(4).build();
        g.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        // Normalised: encoder levels 1 and 2, decoder levels 1 and 0; mean and variance each.
        var buffers = BufferedBlock.buffersOf(g);
        assertEquals(8, buffers.size());
        assertTrue(
                buffers.keys().get(0).matches("\\d*down1/\\d*ChannelBatchNorm/runningMean"),
                buffers.keys().get(0));
        assertEquals(new Shape(8), buffers.valueAt(0).getShape());
    }

    @Test
    void everyParameterGetsAGradientAndAdamFitsATarget(NDManager manager) {
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(4, 3, 8, 8));
        GradientFlow.assertEveryParameterGetsAGradient(
                manager,
                Pix2PixGenerator.builder().setNumClasses(3).optWidth(4).optDepth(2).build(),
                new NDList(images));
        NDArray target = manager.randomUniform(-1f, 1f, new Shape(4, 2, 8, 8));
        BlockChecks.assertTrainsToFitTarget(
                Pix2PixGenerator.builder().setNumClasses(2).optWidth(4).optDepth(2).build(),
                new NDList(images),
                target,
                60);
    }

    @Test
    void imagesNotDivisibleByTwoToTheDepthAreRejected() {
        Pix2PixGenerator g = Pix2PixGenerator.builder().setNumClasses(2).build();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> g.getOutputShapes(new Shape[] {new Shape(1, 3, 20, 32)}));
        assertTrue(error.getMessage().contains("2^depth = 8"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pix2PixGenerator.builder().build());
    }
}
