package dev.annogan.core.model;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The DJL {@link BlockFactory} of every AnnoGAN model folder: rebuilds the Block its {@code
 * model.json} describes, initialised for its inputs, ready for DJL to load the trained parameters
 * into. {@link ModelFolder#save} names it in {@code serving.properties}, so that
 *
 * <pre>{@code
 * Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(folder).build().loadModel()
 * }</pre>
 *
 * loads any of them without AnnoGAN's training code.
 */
public class ModelBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    /** Creates the factory; DJL calls this when {@code serving.properties} names the class. */
    public ModelBlockFactory() {}

    /** {@inheritDoc} */
    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments)
            throws IOException {
        return ModelFolder.newBlock(model.getNDManager(), ModelFolder.readSpec(modelPath));
    }
}
