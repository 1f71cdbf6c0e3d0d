package dev.annogan.core.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.google.gson.JsonObject;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.core.model.ModelSpec;
import dev.annogan.core.nn.BufferedBlock;
import dev.annogan.core.nn.ImageEncoder;
import dev.annogan.core.segmentation.Pix2PixGenerator;
import dev.annogan.core.tagging.TaggerGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backbone folders: written, read back through Criteria, and copied into networks built on them.
 */
class ImageBackboneTest {

    private static final float[] HALF = {0.5f, 0.5f, 0.5f};

    @TempDir Path dir;

    private NDManager manager;
    private Path folder;

    @BeforeEach
    void saveABackbone() throws IOException {
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(5);
        ImageEncoder encoder =
                ImageEncoder.builder()
                        .setInputSize(16)
                        .optWidth(4)
                        .optDepth(2)
                        .optBatchNorm(true)
                        .build();
        encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 16, 16));
        // Running statistics that are not the defaults, so that copying them shows.
        encoder.forward(
                new ParameterStore(manager, false),
                new ai.djl.ndarray.NDList(manager.randomNormal(new Shape(4, 3, 16, 16))),
                true);
        JsonObject details = new JsonObject();
        details.addProperty("images", 3);
        folder = dir.resolve("backbone");
        ImageBackbone.save(folder, encoder, HALF, HALF, details);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void aSavedBackboneLoadsWithItsArchitectureAndNormalisation() throws IOException {
        assertEquals(
                new ImageBackbone.Architecture(4, 2, true), ImageBackbone.architecture(folder));
        try (ImageBackbone backbone = ImageBackbone.load(folder)) {
            assertEquals(4, backbone.width());
            assertEquals(2, backbone.depth());
            assertArrayEquals(HALF, backbone.mean());
            assertArrayEquals(HALF, backbone.std());
            assertEquals(3, backbone.spec().details().get("images").getAsInt());
        }
    }

    @Test
    void itsWeightsAndRunningStatisticsStartATaggerAndAPix2PixEncoder() throws IOException {
        Block tagger =
                TaggerGenerator.builder()
                        .setNumLabels(5)
                        .setInputSize(32)
                        .optWidth(4)
                        .optDepth(2)
                        .optBatchNorm(true)
                        .optGlobalPooling(true)
                        .optNoiseDim(0)
                        .build();
        tagger.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        Block pix2pix = Pix2PixGenerator.builder().setNumClasses(3).optWidth(4).optDepth(2).build();
        pix2pix.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        try (ImageBackbone backbone = ImageBackbone.load(folder);
                ModelFolder.LoadedModel saved =
                        ModelFolder.load(folder, ImageBackbone.APPLICATION)) {
            List<Pair<String, Parameter>> want = saved.block().getParameters().stream().toList();
            for (Block target : List.of(tagger, pix2pix)) {
                List<Parameter> copied = backbone.copyInto(target);
                // conv, conv, batch norm: weight and bias twice, gamma and beta once.
                assertEquals(6, copied.size());
                List<Pair<String, Parameter>> got = target.getParameters().stream().toList();
                for (int i = 0; i < want.size(); i++) {
                    assertArrayEquals(
                            want.get(i).getValue().getArray().toFloatArray(),
                            got.get(i).getValue().getArray().toFloatArray(),
                            target.getClass().getSimpleName() + " " + got.get(i).getKey());
                    assertTrue(copied.get(i) == got.get(i).getValue());
                }
                float[] runningMean =
                        BufferedBlock.buffersOf(saved.block()).get(0).getValue().toFloatArray();
                assertArrayEquals(
                        runningMean,
                        BufferedBlock.buffersOf(target).get(0).getValue().toFloatArray());
                assertTrue(Math.abs(runningMean[0]) > 1e-6, "statistics were trained");
            }
        }
    }

    @Test
    void aNetworkNotBuiltOnTheBackboneIsRefusedNamingTheParameter() throws IOException {
        Block wider = Pix2PixGenerator.builder().setNumClasses(3).optWidth(8).optDepth(2).build();
        wider.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        try (ImageBackbone backbone = ImageBackbone.load(folder)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> backbone.copyInto(wider));
            assertTrue(
                    e.getMessage().startsWith("the Pix2PixGenerator is not built on the backbone")
                            && e.getMessage().contains("(width 4, depth 2, batch norm)")
                            && e.getMessage()
                                    .contains(
                                            "has shape (8, 3, 4, 4) where the backbone"
                                                    + " has (4, 3, 4, 4)"),
                    e.getMessage());
        }
    }

    @Test
    void aVggStyleEncoderIsNoBackboneAndWritesNothing() {
        ImageEncoder vgg =
                ImageEncoder.builder()
                        .setInputSize(16)
                        .optWidth(4)
                        .optDepth(2)
                        .optBatchNorm(true)
                        .optConvsPerLevel(2)
                        .build();
        vgg.initialize(manager, DataType.FLOAT32, vgg.getInputShape(1));
        Path target = dir.resolve("vgg-backbone");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ImageBackbone.save(target, vgg, HALF, HALF, new JsonObject()));
        assertTrue(e.getMessage().contains("not a VggStack"), e.getMessage());
        assertTrue(Files.notExists(target));
    }

    @Test
    void otherFoldersAreRefusedByName() throws IOException {
        NoSuchFileException missing =
                assertThrows(
                        NoSuchFileException.class,
                        () -> ImageBackbone.load(dir.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("annogan pretrain"), missing.getMessage());

        Path other = dir.resolve("other");
        Block g = BlockSpecs.tagger();
        g.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 16, 16));
        ModelFolder.save(
                other,
                g,
                new ModelSpec(
                        "tagger",
                        BlockSpecs.TAGGER,
                        List.of(ModelSpec.Input.floats(1, 3, 16, 16)),
                        new JsonObject()),
                null);
        IOException e = assertThrows(IOException.class, () -> ImageBackbone.load(other));
        assertEquals(
                other
                        + " holds a tagger model, not a backbone (an image-backbone folder, made by"
                        + " 'annogan pretrain')",
                e.getMessage());
        assertThrows(IOException.class, () -> ImageBackbone.architecture(other));

        Files.writeString(
                folder.resolve(ModelFolder.SPEC_FILE),
                Files.readString(folder.resolve(ModelFolder.SPEC_FILE))
                        .replace("\"std\"", "\"spread\""));
        IllegalArgumentException noStd =
                assertThrows(IllegalArgumentException.class, () -> ImageBackbone.load(folder));
        assertTrue(
                noStd.getMessage()
                        .endsWith(
                                "details.std must be an array of 3 numbers (the"
                                        + " input normalisation)"),
                noStd.getMessage());
    }

    /** A small tagger that is no backbone. */
    private static final class BlockSpecs {
        static final BlockSpec TAGGER =
                BlockSpec.of("tagger")
                        .with("numLabels", 2)
                        .with("inputSize", 16)
                        .with("width", 4)
                        .with("depth", 2)
                        .with("noiseDim", 0);

        static Block tagger() {
            return dev.annogan.core.model.BlockBuilders.build(TAGGER);
        }
    }
}
