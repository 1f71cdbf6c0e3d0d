package dev.annogan.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every saved network goes through one folder format: it loads back answering as the trained one,
 * through {@link ModelFolder#load} and through DJL's {@code Criteria}; a spec that does not rebuild
 * the network is refused before anything is written; folders of earlier versions and of other
 * applications get errors that say so.
 */
class ModelFolderTest {

    private static final BlockSpec CONDITIONAL =
            BlockSpec.of("conditional-generator")
                    .with("numClasses", 3)
                    .with("outputShape", List.of(1, 8, 8))
                    .with("noiseDim", 4)
                    .with("width", 4);

    private final NDManager manager = NDManager.newBaseManager();

    @TempDir Path dir;

    @AfterEach
    void close() {
        manager.close();
    }

    private static ModelSpec spec(BlockSpec block) {
        JsonObject details = new JsonObject();
        details.addProperty("note", "kept");
        return new ModelSpec(
                "cgan-generator",
                block,
                List.of(ModelSpec.Input.floats(1, 4), ModelSpec.Input.ints(1)),
                details);
    }

    /** A trained-looking generator: initialised from a seed, its weights then shifted. */
    private Block trained() {
        Engine.getInstance().setRandomSeed(11);
        Block block = BlockBuilders.build(CONDITIONAL);
        block.initialize(manager, DataType.FLOAT32, spec(CONDITIONAL).inputShapes());
        block.getParameters().forEach(p -> p.getValue().getArray().addi(0.01f));
        return block;
    }

    private NDList probe(NDManager m) {
        return new NDList(
                m.create(
                        new float[] {0.5f, -1, 2, 0.25f, 1, 1, -0.5f, 0},
                        new ai.djl.ndarray.types.Shape(2, 4)),
                m.create(new int[] {2, 0}));
    }

    private float[] answer(Block block) {
        try (NDManager m = manager.newSubManager()) {
            return block.forward(new ParameterStore(m, false), probe(m), false)
                    .head()
                    .toFloatArray();
        }
    }

    @Test
    void aSavedNetworkLoadsBackAnsweringAsTheTrainedOne() throws Exception {
        Block trained = trained();
        Path folder = dir.resolve("model");
        ModelFolder.save(folder, trained, spec(CONDITIONAL), null);

        assertTrue(Files.isRegularFile(folder.resolve("model-0000.params")));
        try (ModelFolder.LoadedModel loaded = ModelFolder.load(folder, "cgan-generator")) {
            assertEquals(spec(CONDITIONAL), loaded.spec());
            assertEquals("kept", loaded.spec().details().get("note").getAsString());
            assertArrayEquals(answer(trained), answer(loaded.block()));
        }
        // DJL alone, from the path: serving.properties names ModelBlockFactory.
        Criteria<NDList, NDList> criteria =
                Criteria.builder()
                        .setTypes(NDList.class, NDList.class)
                        .optModelPath(folder)
                        .build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
                Predictor<NDList, NDList> predictor = model.newPredictor();
                NDManager m = manager.newSubManager()) {
            assertArrayEquals(answer(trained), predictor.predict(probe(m)).head().toFloatArray());
        }
    }

    @Test
    void aSpecThatDoesNotRebuildTheNetworkIsRefusedAndTheOldFolderKept() throws Exception {
        Path folder = dir.resolve("model");
        ModelFolder.save(folder, trained(), spec(CONDITIONAL), null);
        String before = Files.readString(folder.resolve(ModelFolder.SPEC_FILE));

        IOException e =
                assertThrows(
                        IOException.class,
                        () ->
                                ModelFolder.save(
                                        folder,
                                        trained(),
                                        spec(CONDITIONAL.with("width", 8)),
                                        null));

        assertTrue(e.getMessage().startsWith("the model spec does not rebuild"), e.getMessage());
        assertEquals(before, Files.readString(folder.resolve(ModelFolder.SPEC_FILE)));
    }

    @Test
    void aModelOfAnotherApplicationIsRefused() throws Exception {
        Path folder = dir.resolve("model");
        ModelFolder.save(folder, trained(), spec(CONDITIONAL), null);
        IOException e =
                assertThrows(IOException.class, () -> ModelFolder.load(folder, "label-gan"));
        assertEquals(
                folder + " holds a cgan-generator model, not a label-gan model", e.getMessage());
    }

    @Test
    void aFolderOfAnEarlierVersionSaysWhatToDo() throws Exception {
        // The label-set generator's folder before the common format: model.json without a
        // format, raw parameters in generator.params.
        Files.writeString(
                dir.resolve("model.json"), "{\"application\":\"label-gan\",\"noiseDim\":16}");
        Files.write(dir.resolve("generator.params"), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> ModelFolder.load(dir, "label-gan"));
        assertTrue(e.getMessage().contains("before the common model format"), e.getMessage());
        assertTrue(e.getMessage().contains("generator.params"), e.getMessage());

        Path classifier = dir.resolve("classifier");
        Files.createDirectories(classifier);
        Files.write(classifier.resolve("classifier.params"), new byte[] {1});
        e = assertThrows(IOException.class, () -> ModelFolder.readSpec(classifier));
        assertTrue(e.getMessage().contains("classifier.params"), e.getMessage());

        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        NoSuchFileException missing =
                assertThrows(NoSuchFileException.class, () -> ModelFolder.readSpec(empty));
        assertTrue(missing.getMessage().contains("no model.json"), missing.getMessage());
    }

    @Test
    void aBrokenSpecNamesTheField() throws Exception {
        Path folder = dir.resolve("model");
        ModelFolder.save(folder, trained(), spec(CONDITIONAL), null);
        Path file = folder.resolve(ModelFolder.SPEC_FILE);
        Files.writeString(
                file,
                Files.readString(file)
                        .replace("\"dataType\": \"int32\"", "\"dataType\": \"int9\""));
        IOException e = assertThrows(IOException.class, () -> ModelFolder.readSpec(folder));
        assertEquals(file + ": inputs[1].dataType: unknown data type 'int9'", e.getMessage());
    }
}
