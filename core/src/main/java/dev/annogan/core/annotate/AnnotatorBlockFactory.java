package dev.annogan.core.annotate;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.annogan.core.model.ModelFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The DJL {@link BlockFactory} of annotators exported before the common model format: rebuilds the
 * generator that a folder's {@code annotator.json} describes, initialised for its input size, ready
 * for DJL to load the trained parameters into. Those folders name it in their {@code
 * serving.properties}; folders exported now name {@code ModelBlockFactory}, which reads {@code
 * model.json}.
 */
public class AnnotatorBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory; DJL calls this when {@code serving.properties} names the class. */
    public AnnotatorBlockFactory() {}

    /** {@inheritDoc} */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments)
            throws IOException {
        // The legacy description read as the common one: the same Block, built the same way.
        return ModelFolder.newBlock(
                model.getNDManager(), AnnotatorSpec.read(modelPath).toModelSpec());
    }
}
