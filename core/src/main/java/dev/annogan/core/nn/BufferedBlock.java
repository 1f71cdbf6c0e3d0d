package dev.annogan.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * A block with buffers: arrays that training forwards update in place but that no optimizer
 * touches, such as batch norm's running statistics or spectral norm's power-iteration vector. They
 * are part of the model's state, so checkpoints must save and restore them with the parameters.
 */
public interface BufferedBlock {

    /**
     * Returns the block's buffers by name, the live arrays (not copies): writing into one changes
     * the block.
     *
     * @return the buffers, empty before initialisation
     */
    PairList<String, NDArray> getBuffers();

    /**
     * Returns the buffers of {@code block} and of every block below it, named by their path of
     * child names, e.g. {@code "down1/02ChannelBatchNorm/runningMean"}, in a fixed order.
     *
     * @param block the root block
     * @return the buffers of the whole tree
     */
    static PairList<String, NDArray> buffersOf(Block block) {
        PairList<String, NDArray> all = new PairList<>();
        collect(block, "", all);
        return all;
    }

    private static void collect(Block block, String path, PairList<String, NDArray> all) {
        if (block instanceof BufferedBlock buffered) {
            for (Pair<String, NDArray> buffer : buffered.getBuffers()) {
                all.add(path + buffer.getKey(), buffer.getValue());
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), path + child.getKey() + "/", all);
        }
    }
}
