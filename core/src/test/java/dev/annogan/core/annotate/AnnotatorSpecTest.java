package dev.annogan.core.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annogan.core.annotate.AnnotatorSpec.Category;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** annotator.json round trips and names the field it cannot read. */
class AnnotatorSpecTest {

    private static final AnnotatorSpec SPEC =
            new AnnotatorSpec(
                    AnnotatorSpec.Kind.SEGMENTER,
                    GeneratorSpec.of("pix2pix")
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
        SPEC.write(dir);
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
        Files.writeString(dir.resolve(AnnotatorSpec.FILE), text);
        IOException e = assertThrows(IOException.class, () -> AnnotatorSpec.read(dir));
        assertEquals(dir.resolve(AnnotatorSpec.FILE) + ": height is missing", e.getMessage());
    }

    @Test
    void anUnknownKindIsNamed() {
        String text = SPEC.toJson().replace("\"segmenter\"", "\"detector\"");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> AnnotatorSpec.parse(text));
        assertEquals("kind: expected 'tagger' or 'segmenter', got 'detector'", e.getMessage());
    }

    @Test
    void aFolderWithoutTheFileIsNotAModel() {
        NoSuchFileException e =
                assertThrows(NoSuchFileException.class, () -> AnnotatorSpec.read(dir));
        assertTrue(e.getMessage().contains("no annotator.json"), e.getMessage());
    }
}
