package dev.annogan.core.annotate;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.annogan.core.model.BlockBuilders;
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
        AnnotatorSpec spec = AnnotatorSpec.read(modelPath);
        return newBlock(model, spec);
    }

    /**
     * Builds and initialises the generator an annotator's description names.
     *
     * @param model the model whose manager holds the parameters
     * @param spec the description
     * @return the initialised, untrained generator
     * @throws IOException if the description does not build a generator that takes its input
     */
    public static Block newBlock(Model model, AnnotatorSpec spec) throws IOException {
        try {
            Block block = BlockBuilders.build(spec.generator());
            block.initialize(
                    model.getNDManager(),
                    DataType.FLOAT32,
                    new Shape(1, 3, spec.inputHeight(), spec.inputWidth()));
            return block;
        } catch (IllegalArgumentException e) {
            throw new IOException(AnnotatorSpec.LEGACY_FILE + ": generator: " + e.getMessage(), e);
        }
    }
}
