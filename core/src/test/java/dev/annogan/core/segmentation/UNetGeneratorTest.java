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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The U-Net maps (N, C, H, W) images to (N, K, H, W) class logits. */
@ExtendWith(NDManagerExtension.class)
class UNetGeneratorTest {

    @Test
    void outputHasOneLogitPerClassAndPixelAsDeclared(NDManager manager) {
        UNetGenerator unet = UNetGenerator.builder().setNumClasses(4).optWidth(4).build();
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 32, 32));
        unet.initialize(manager, DataType.FLOAT32, images.getShape());

        NDArray logits = forward(unet, new NDList(images)).singletonOrThrow();

        assertEquals(new Shape(2, 4, 32, 32), logits.getShape());
        BlockChecks.assertDeclaredShapesMatchForward(unet, new NDList(images));
    }

    @Test
    void nonSquareGreyImagesKeepTheirSize(NDManager manager) {
        UNetGenerator unet =
                UNetGenerator.builder()
                        .setNumClasses(2)
                        .optInputChannels(1)
                        .optWidth(2)
                        .optDepth(2)
                        .build();
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(1, 1, 16, 24));
        unet.initialize(manager, DataType.FLOAT32, images.getShape());
        assertEquals(new Shape(1, 2, 16, 24), forward(unet, new NDList(images)).head().getShape());
    }

    @Test
    void parameterCountMatchesTheLevels(NDManager manager) {
        // 3x3 convs, weights + biases: down 1->2 (20), 2->2 (38); bottleneck 2->4 (76),
        // 4->4 (148); up 4->2 (74); fuse 2+2->2 (74), 2->2 (38); 1x1 head 2->2 (6)
        int convs = 20 + 38 + 76 + 148 + 74 + 74 + 38 + 6;
        // gamma and beta after every conv but the head: 2+2 down, 4+4 bottleneck, 2 up, 2+2 fuse
        int norms = 2 * (2 + 2 + 4 + 4 + 2 + 2 + 2);
        assertEquals(convs + norms, parameterCount(tinyUNet(manager, true)));
        assertEquals(convs, parameterCount(tinyUNet(manager, false)));
    }

    private static UNetGenerator tinyUNet(NDManager manager, boolean batchNorm) {
        UNetGenerator unet =
                UNetGenerator.builder()
                        .setNumClasses(2)
                        .optInputChannels(1)
                        .optWidth(2)
                        .optDepth(1)
                        .optBatchNorm(batchNorm)
                        .build();
        unet.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 8, 8));
        return unet;
    }

    @Test
    void imagesNotDivisibleByTwoToTheDepthAreRejected() {
        UNetGenerator unet = UNetGenerator.builder().setNumClasses(2).build();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> unet.getOutputShapes(new Shape[] {new Shape(1, 3, 20, 32)}));
        assertTrue(error.getMessage().contains("2^depth = 8"), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UNetGenerator.builder().build());
        assertThrows(
                IllegalArgumentException.class,
                () -> UNetGenerator.builder().setNumClasses(2).optDepth(0).build());
    }

    @Test
    void adamFitsPerPixelTargetsThroughEveryParameter(NDManager manager) {
        NDArray images = manager.randomUniform(-1f, 1f, new Shape(2, 3, 16, 16));
        // Class 0 near +1 and class 1 near -1, each moved by half of image channel 0.
        NDArray channel = images.get(":, 0:1").mul(0.5f);
        NDArray target = channel.add(1f).concat(channel.sub(1f), 1);
        UNetGenerator unet =
                UNetGenerator.builder().setNumClasses(2).optWidth(4).optDepth(2).build();
        BlockChecks.assertTrainsToFitTarget(unet, new NDList(images), target, 40);
    }
}
