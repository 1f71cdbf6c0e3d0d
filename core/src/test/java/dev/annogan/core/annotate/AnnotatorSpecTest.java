package dev.annogan.core.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annogan.core.annotate.AnnotatorSpec.Category;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.core.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An annotator's description round trips through its folder's model.json, folders exported before
 * the common format (annotator.json) still read, and a field it cannot read is named.
 */
class AnnotatorSpecTest {

    private static final AnnotatorSpec SPEC =
            new AnnotatorSpec(
                    AnnotatorSpec.Kind.SEGMENTER,
                    BlockSpec.of("pix2pix")
                            .with("numClasses", 3)
                            .with("width", 16)
                            .with("batchNorm", true),
                    List.of(new Category(1, "circle"), new Category(3, "triangle")),
                    64,
                    48,
                    new float[] {0.485f, 0.456f, 0.406f},
                    new float[] {0.229f, 0.224f, 0.225f},
                    0.35f);

    @TempDir Path dir;

    @Test
    void writtenDescriptionReadsBackEqual() throws IOException {
        Files.writeString(dir.resolve(ModelFolder.SPEC_FILE), SPEC.toJson());
        AnnotatorSpec read = AnnotatorSpec.read(dir);
        assertEquals(SPEC, read);
        assertEquals(16L, read.generator().settings().get("width"));
        assertEquals(List.of("background", "circle", "triangle"), read.classNames());
    }

    @Test
    void aTaggersClassesAreItsCategories() {
        AnnotatorSpec tagger =
                new AnnotatorSpec(
                        AnnotatorSpec.Kind.TAGGER,
                        SPEC.generator(),
                        SPEC.categories(),
                        64,
                        64,
                        SPEC.mean(),
                        SPEC.std(),
                        0.5f);
        assertEquals(List.of("circle", "triangle"), tagger.classNames());
    }

    @Test
    void aMissingFieldIsNamedWithTheFile() throws IOException {
        String text = SPEC.toJson().replace("\"height\"", "\"h\"");
        Files.writeString(dir.resolve(ModelFolder.SPEC_FILE), text);
        IOException e = assertThrows(IOException.class, () -> AnnotatorSpec.read(dir));
        assertEquals(
                dir.resolve(ModelFolder.SPEC_FILE) + ": details.input.height is missing",
                e.getMessage());
    }

    @Test
    void anotherApplicationIsNamed() {
        ModelSpec spec = SPEC.toModelSpec();
        ModelSpec detector = new ModelSpec("detector", spec.block(), spec.inputs(), spec.details());
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> AnnotatorSpec.fromModelSpec(detector));
        assertEquals(
                "application: expected 'tagger' or 'segmenter', got 'detector'", e.getMessage());
    }

    @Test
    void aFolderExportedBeforeTheCommonFormatStillReads() throws IOException {
        // annotator.json as AnnoGAN 0.1 wrote it (issue 14 moved annotators to model.json).
        String legacy =
                "{\"format\": \"annogan-annotator\", \"version\": 1, \"kind\": \"segmenter\","
                        + " \"generator\": {\"type\": \"pix2pix\", \"settings\": {\"numClasses\": 3,"
                        + " \"width\": 16, \"batchNorm\": true}}, \"input\": {\"width\": 64,"
                        + " \"height\": 48, \"mean\": [0.485, 0.456, 0.406], \"std\": [0.229,"
                        + " 0.224, 0.225]}, \"categories\": [{\"id\": 1, \"name\": \"circle\"},"
                        + " {\"id\": 3, \"name\": \"triangle\"}], \"threshold\": 0.35}";
        Files.writeString(dir.resolve(AnnotatorSpec.LEGACY_FILE), legacy);
        assertEquals(SPEC, AnnotatorSpec.read(dir));
        String detector = legacy.replace("\"kind\": \"segmenter\"", "\"kind\": \"detector\"");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> AnnotatorSpec.parseLegacy(detector));
        assertEquals("kind: expected 'tagger' or 'segmenter', got 'detector'", e.getMessage());
    }

    @Test
    void aFolderWithoutTheFileIsNotAModel() {
        NoSuchFileException e =
                assertThrows(NoSuchFileException.class, () -> AnnotatorSpec.read(dir));
        assertTrue(e.getMessage().contains("no model.json"), e.getMessage());
    }
}
