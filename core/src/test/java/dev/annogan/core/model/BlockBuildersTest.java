package dev.annogan.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.annogan.core.NDManagerExtension;
import dev.annogan.core.nn.BlockChecks;
import dev.annogan.core.segmentation.UNetGenerator;
import dev.annogan.core.tagging.TaggerGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A generator spec rebuilds the Block its builder calls would build. */
@ExtendWith(NDManagerExtension.class)
class BlockBuildersTest {

    @Test
    void settingsAreTheBuilderCallsOfTheSameName(NDManager manager) {
        Block fromSpec =
                BlockBuilders.build(
                        BlockSpec.of("unet")
                                .with("numClasses", 3)
                                .with("width", 2)
                                .with("depth", 2)
                                .with("batchNorm", false));
        Block direct =
                UNetGenerator.builder()
                        .setNumClasses(3)
                        .optWidth(2)
                        .optDepth(2)
                        .optBatchNorm(false)
                        .build();
        Shape input = new Shape(1, 3, 8, 8);
        fromSpec.initialize(manager, DataType.FLOAT32, input);
        direct.initialize(manager, DataType.FLOAT32, input);
        assertEquals(BlockChecks.parameterCount(direct), BlockChecks.parameterCount(fromSpec));
    }

    @Test
    void aListValueCallsTheOverloadWithThatManyArguments(NDManager manager) {
        TaggerGenerator tagger =
                (TaggerGenerator)
                        BlockBuilders.build(
                                BlockSpec.of("tagger")
                                        .with("numLabels", 2)
                                        .with("inputSize", new int[] {16, 32})
                                        .with("depth", 2));
        assertEquals(16, tagger.getEncoder().getInputHeight());
        assertEquals(32, tagger.getEncoder().getInputWidth());
    }

    @Test
    void anUnknownTypeNamesTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> BlockBuilders.build(BlockSpec.of("resnet")));
        assertEquals(
                "unknown block type 'resnet'; known types: [conditional-generator, image-encoder, k-plus-one-discriminator, label-set-generator, pix2pix, tagger, unet]",
                e.getMessage());
    }

    @Test
    void aSettingNoBuilderMethodTakesIsRefused() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                BlockBuilders.build(
                                        BlockSpec.of("unet")
                                                .with("numClasses", 3)
                                                .with("dropout", 0.5)));
        assertTrue(
                e.getMessage().startsWith("block 'unet' has no setting 'dropout'"), e.getMessage());
        // A fractional value cannot stand for an int argument.
        assertThrows(
                IllegalArgumentException.class,
                () -> BlockBuilders.build(BlockSpec.of("unet").with("numClasses", 2.5)));
    }

    @Test
    void theBuildersOwnValidationIsReported() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> BlockBuilders.build(BlockSpec.of("unet").with("width", 4)));
        assertTrue(
                e.getMessage().startsWith("block 'unet': UNetGenerator: setNumClasses"),
                e.getMessage());
    }
}
